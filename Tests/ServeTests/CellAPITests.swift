import Book
import Foundation
import Lessons
import Testing

/// `/api/run/PAGE?from=N&CELL.NAME=VALUE`: a reader's values, checked by the chapter parser's
/// rules, the cells rerun through the cache and streamed back.
@Suite struct CellAPITests {
    @Test func aValueRerunsThatCellAndTheLaterOnesAndOnlyThose() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let own = try await served.probe.get("/api/run/01-convolution.html?from=1")
        #expect(own.status == 200 && own.headers["content-type"] == "text/event-stream; charset=utf-8")
        #expect(own.events.last?.name == "done")
        #expect(own.events.filter { $0.name == "cell" }.count == 5)

        let changed = try await served.probe.get("/api/run/01-convolution.html?4.row=5")
        let sent = changed.events.filter { $0.name == "cell" }.compactMap { $0.data["cell"] as? Int }
        #expect(sent == [4, 5], "from defaults to the first cell given a value")
        #expect(changed.cellArguments(4) == "kernel=sobelX digit=7 row=5 column=12")
        #expect(changed.cellHTML(4) != own.cellHTML(4))
        #expect(changed.cellHTML(4)?.contains("row 5") == true || changed.cellHTML(4)?.contains("y_{5") == true
                    || changed.cellHTML(4)?.contains("<mn>5</mn>") == true)
        // Cell 5 reruns (it starts from what cell 4 left), and shows what it showed before: it
        // does not read cell 4's values.
        #expect(changed.cellHTML(5) == own.cellHTML(5))
        // Asked again, the same values come from the cache.
        let again = try await served.probe.get("/api/run/01-convolution.html?4.row=5")
        #expect(again.events.filter { $0.name == "cell" }.allSatisfy { $0.data["cached"] as? Bool == true })
        #expect(again.cellHTML(4) == changed.cellHTML(4))
    }

    @Test func theSameValuesGiveTheSameOutputs() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let path = "/api/run/01-convolution.html?4.kernel=%5B%5B0,1,0%5D,%5B1,-4,1%5D,%5B0,1,0%5D%5D&4.digit=3"
        let first = try await served.probe.get(path), second = try await served.probe.get(path)
        #expect(first.cellHTML(4) != nil && first.cellHTML(4) == second.cellHTML(4))
        #expect(first.cellArguments(4) == "kernel=[[0,1,0],[1,-4,1],[0,1,0]] digit=3 row=10 column=12")
    }

    /// The message a bad value gets is the one `tutor check` gives for the same value in a cell.
    @Test(arguments: [
        ("4.row=99", 4, "row"), ("4.kernel=sobelZ", 4, "kernel"), ("4.kernel=[[1,2],[3,4]]", 4, "kernel"),
        ("4.digit=1.5", 4, "digit"), ("1.size=0", 1, "size"), ("5.sizes=[1,3,", 5, "sizes"), ("5.sizes=[]", 5, "sizes"),
        ("4.row=", 4, "row"), ("4.row=\"10\"", 4, "row"),
    ])
    func aBadValueGetsTheChapterParsersMessageAtItsControl(_ setting: String, cell: Int, parameter: String) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let query = setting.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let answer = try await served.probe.get("/api/run/01-convolution.html?\(query[0])=\(QueryEncoding.encode(String(query[1])))")
        #expect(answer.status == 400)
        let problems = try #require(answer.json?["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["cell"] as? Int == cell && problems.first?["parameter"] as? String == parameter)
        let message = try #require(problems.first?["message"] as? String)
        // The same value written in the chapter's own info string.
        let chapter = try #require(ChapterDirectory.load(served.url("chapters"), displayPath: "chapters").chapters.first)
        let own = chapter.cells[cell - 1]
        let value = String(query[1])
        let info = own.info.parameters.map { $0.name == parameter ? "" : "\($0.name)=\($0.value.sourceText)" }.filter { !$0.isEmpty }
        let text = "```swift step=\(own.info.step) \(info.joined(separator: " ")) \(parameter)=\(value)\n```\n"
        let parsed: Chapter
        do {
            parsed = try Chapter.parse("# T\n\n" + text, path: "t.md", fileName: "01-t.md")
        } catch {
            // A value the info-string reader refuses: the chapter's message holds the served one's words.
            #expect(error.all.contains { $0.message.contains(message.components(separatedBy: ": ").last ?? message) },
                    "served: \(message); chapter: \(error.all.map(\.message))")
            return
        }
        do {
            _ = try Lessons.registry.resolve(parsed.cells[0])
            Issue.record("the chapter accepts \(setting)")
        } catch {
            #expect(error.all.map(\.message).contains(message) || error.all.contains { $0.message.hasSuffix(message) || message.hasSuffix($0.message) },
                    "served: \(message); chapter: \(error.all.map(\.message))")
        }
    }

    @Test(arguments: [
        "/api/run/01-convolution.html?9.digit=3",          // no such cell
        "/api/run/01-convolution.html?0.digit=3",
        "/api/run/01-convolution.html?digit=3",            // not CELL.NAME
        "/api/run/01-convolution.html?4.nothing=3",         // no such parameter
        "/api/run/01-convolution.html?4.row=%zz",           // broken escape
        "/api/run/01-convolution.html?4.row=%FF",           // not UTF-8
        "/api/run/01-convolution.html?from=0",
        "/api/run/01-convolution.html?from=x",
        "/api/run/01-convolution.html?from=99",
        "/api/run/01-convolution.html?from=1&from=2",       // given twice
        "/api/run/01-convolution.html?1.digit=3&1.digit=5",
        "/api/run/01-convolution.html?1.digit=3&01.digit=3",  // the same cell, written two ways
        "/api/run/99-nothing.html",
        "/api/run/index.html",
    ])
    func aMalformedRequestIsA4xxWithAMessage(_ path: String) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let answer = try await served.probe.get(path)
        #expect((400..<500).contains(answer.status), "\(path): \(answer.status)")
        let message = try #require(answer.json?["message"] as? String, "\(path): \(answer.body)")
        #expect(!message.isEmpty)
    }

    /// `from` that is not a number says so, and which numbers are cells.
    @Test func aFromThatIsNotANumberIsSaidToBeOne() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let answer = try await served.probe.get("/api/run/01-convolution.html?from=abc")
        let message = try #require(answer.json?["message"] as? String, "\(answer.body)")
        #expect(answer.status == 400 && message.hasPrefix("from=abc is not a cell number: give one from 1 to "), "\(message)")
    }

    /// A value for a cell the chapter does not have gets the resolver's message, not one about
    /// a `from` that was never given.
    @Test(arguments: [("99.row=1", 99), ("6.digit=3", 6), ("0.digit=3", 0)])
    func aCellTheChapterDoesNotHaveIsNamedAsSuch(_ query: String, cell: Int) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let answer = try await served.probe.get("/api/run/01-convolution.html?\(query)")
        #expect(answer.status == 400)
        let message = try #require(answer.json?["message"] as? String, "\(answer.body)")
        #expect(!message.contains("from"), "\(message)")
        #expect(message.contains("has 5 cells") || message.contains("cell"), "\(message)")
        #expect(message == "chapter 1 has 5 cells, not \(cell)")
        // A `from` given and wrong is still named as `from`.
        let from = try await served.probe.get("/api/run/01-convolution.html?from=9")
        #expect((from.json?["message"] as? String)?.hasPrefix("from=9 is not a cell") == true, "\(from.body)")
    }

    /// A cell is named by its number in numerals: `+1.digit` and ` 1.digit` name none.
    @Test func aCellNamedOtherThanByNumeralsIsRefused() throws {
        for name in ["+1.digit", "-1.digit", " 1.digit", "1e0.digit", "١.digit"] {
            #expect(throws: OverrideError.self, "\(name)") { try CellOverrides.parse([(name: name, value: "3")]) }
        }
        #expect(try CellOverrides.parse([(name: "01.digit", value: "3")]).values == [1: ["digit": "3"]])
    }

    @Test func aValueLongerThanTheLimitIsRefused() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let long = String(repeating: "1", count: CellOverrides.longestValue + 1)
        let answer = try await served.probe.get("/api/run/01-convolution.html?4.row=\(long)")
        #expect(answer.status == 400)
    }

    @Test func picturesOfAReadersValuesAreServedByName() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let run = try await served.probe.get("/api/run/01-convolution.html?1.digit=3")
        let html = try #require(run.cellHTML(1))
        let name = try #require(html.range(of: #"images/[^"]+\.pgm"#, options: .regularExpression).map { String(html[$0]) })
        let picture = try await served.probe.get("/\(name)")
        #expect(picture.status == 200 && picture.body.hasPrefix("P5\n"))
        #expect(try await served.probe.get("/images/01-convolution-1-nothing.pgm").status == 404)
    }
}
