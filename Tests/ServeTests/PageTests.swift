import Book
import Foundation
import Lessons
import Testing

/// The pages `tutor serve` sends: the book's chapters with a control for every parameter, the
/// contents, the stylesheet and script, the presenter's address; and the headers every answer carries.
@Suite struct PageTests {
    @Test func everyParameterOfEveryCellHasAControlStartingAtTheChaptersValue() async throws {
        let served = try await ServedProject.start()
        defer { served.stop() }
        let chapters = ChapterDirectory.load(served.url("chapters"), displayPath: "chapters").chapters
        #expect(chapters.count == 5)
        for chapter in chapters {
            let page = try await served.probe.get("/\(chapter.pageName)")
            #expect(page.status == 200, "\(chapter.pageName)")
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            for cell in chapter.cells {
                let resolved = try Lessons.registry.resolve(cell)
                guard !resolved.step.parameters.isEmpty else {
                    #expect(Self.form(of: cell.index, in: page.body) == nil, "cell \(cell.index) has nothing to set")
                    continue
                }
                let form = try #require(Self.form(of: cell.index, in: page.body), "cell \(cell.index) of \(chapter.pageName) has no controls")
                for spec in resolved.step.parameters {
                    let own = HTMLText.escape(resolved.arguments.values[spec.name]!.sourceText)
                    #expect(form.contains("data-name=\"\(spec.name)\""), "\(chapter.pageName) cell \(cell.index): no control for \(spec.name)")
                    #expect(form.contains("data-own=\"\(own)\""), "\(chapter.pageName) cell \(cell.index): \(spec.name) does not start at \(own)")
                }
                #expect(form.components(separatedBy: "data-name=").count - 1 == resolved.step.parameters.count)
            }
        }
    }

    @Test func theKernelGetsAGridEditorAndNumbersGetNumberBoxes() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let page = try await served.probe.get("/01-convolution.html").body
        let onePixel = try #require(Self.form(of: 4, in: page))
        #expect(onePixel.contains("data-name=\"kernel\" data-kind=\"matrix\""))
        #expect(onePixel.contains("<option value=\"15\">15×15</option>"))
        #expect(onePixel.contains("data-name=\"row\" data-kind=\"number\""))
        #expect(onePixel.contains("type=\"number\" value=\"10\" step=\"1\" min=\"0\""))
    }

    @Test func everyAnswerCarriesTheContentSecurityPolicy() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        for path in ["/", "/index.html", "/01-convolution.html", "/style.css", "/live.js", "/nothing-here", "/api/run/01-convolution.html?1.digit=3",
                     "/api/run/01-convolution.html?1.digit=99", "/present/1"] {
            let answer = try await served.probe.get(path)
            #expect(answer.headers["content-security-policy"] == LivePage.contentSecurityPolicy, "\(path)")
            #expect(answer.headers["x-content-type-options"] == "nosniff", "\(path)")
        }
        // Only the server's own script may run, and the page names it.
        #expect(LivePage.contentSecurityPolicy.contains("script-src 'self'") && !LivePage.contentSecurityPolicy.contains("unsafe-eval"))
        #expect(try await served.probe.get("/01-convolution.html").body.contains("<script src=\"/live.js\"></script>"))
    }

    /// The pictures a chapter shows from files of its own are served at the path the page links,
    /// and nothing else of the chapters folder is, however it is asked for.
    @Test func aChaptersOwnPicturesAreServedAndNothingElseOfItsFolder() async throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7])
        let served = try await ServedProject.start(chapters: ["01-convolution.md"]) { root in
            let chapter = root.appendingPathComponent("chapters/01-convolution.md")
            let text = try String(contentsOf: chapter, encoding: .utf8)
            try (text + "\n![The network](figures/net%20work.png) ![Top](logo.svg) ![Gone](figures/gone.png)"
                 + " ![Deep](figures/sub/deep.png) ![In images](images/diagram.png) ![Elsewhere](figures/link.png)"
                 + " ![Deeper in images](images/sub/e.png)\n")
                .write(to: chapter, atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters/figures"), withIntermediateDirectories: true)
            try png.write(to: root.appendingPathComponent("chapters/figures/net work.png"))
            try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8).write(to: root.appendingPathComponent("chapters/logo.svg"))
            try Data("secret".utf8).write(to: root.appendingPathComponent("chapters/figures/other.png"))
            for folder in ["figures/sub", "images/sub"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters/" + folder), withIntermediateDirectories: true)
            }
            try png.write(to: root.appendingPathComponent("chapters/figures/sub/deep.png"))
            try png.write(to: root.appendingPathComponent("chapters/images/diagram.png"))
            try png.write(to: root.appendingPathComponent("chapters/images/sub/e.png"))
            // A link in the folder to a file outside it: not served, though the chapter shows it.
            try Data("secret".utf8).write(to: root.appendingPathComponent("outside.txt"))
            try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("chapters/figures/link.png"),
                                                       withDestinationURL: root.appendingPathComponent("outside.txt"))
        }
        defer { served.stop() }
        let picture = try await served.probe.get("/figures/net%20work.png")
        #expect(picture.status == 200 && picture.headers["content-type"] == "image/png" && Data(picture.body.utf8).count > 0, "\(picture.status) \(picture.headers) \(picture.body.prefix(300))")
        for path in ["/figures/sub/deep.png", "/images/diagram.png", "/images/sub/e.png"] {
            let answer = try await served.probe.get(path)
            #expect(answer.status == 200 && answer.headers["content-type"] == "image/png", "\(path): \(answer.status)")
        }
        let logo = try await served.probe.get("/logo.svg")
        #expect(logo.status == 200 && logo.headers["content-type"] == "image/svg+xml" && logo.body.contains("<svg"), "\(logo.status)")
        #expect(try await served.probe.get("/01-convolution.html").body.contains("src=\"figures/net%20work.png\""))
        // Linked but not there; there but not linked; the chapter itself; climbing out.
        for path in ["/figures/gone.png", "/figures/link.png", "/figures/other.png", "/01-convolution.md", "/figures/../01-convolution.md",
                     "/figures/%2e%2e/01-convolution.md", "/figures/net%20work.png/x", "/chapters/logo.svg"] {
            let answer = try await served.probe.get(path)
            #expect(answer.status == 404 && !answer.body.contains("secret") && !answer.body.contains("# ") && !answer.body.contains("outside.txt"),
                    "\(path): \(answer.status) \(answer.body)")
        }
    }

    @Test func presentNSendsToChapterNInPresentingMode() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md", "02-relu.md"])
        defer { served.stop() }
        let answer = try await served.probe.get("/present/2")
        #expect(answer.status == 302)
        #expect(answer.headers["location"] == "/02-relu.html?present")
        #expect(try await served.probe.get("/present/7").status == 404)
        #expect(try await served.probe.get("/present/x").status == 404)
        // Named as `tutor run` names it, percent-encoded or not.
        for name in ["02", "%32", "chapter2", "Chapter2", "relu", "02-relu", "02-relu.md", "r%65lu"] {
            let named = try await served.probe.get("/present/" + name)
            #expect(named.status == 302 && named.headers["location"] == "/02-relu.html?present", "\(name): \(named.status)")
        }
        for name in ["chapter", "3", "relu.html", "02-relu.html", "%", "%FF"] {
            #expect(try await served.probe.get("/present/" + name).status == 404, "\(name)")
        }
    }

    @Test func theContentsListsTheChaptersThatLoad() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md", "02-relu.md"])
        defer { served.stop() }
        let index = try await served.probe.get("/").body
        #expect(index.contains("href=\"01-convolution.html\"") && index.contains("href=\"02-relu.html\""))
        #expect(!index.contains("03-softmax"))
    }

    /// The `<form class="live-controls" data-cell="N">` of cell N.
    static func form(of cell: Int, in page: String) -> String? {
        guard let start = page.range(of: "<form class=\"live-controls\" data-cell=\"\(cell)\""),
              let end = page.range(of: "</form>", range: start.upperBound..<page.endIndex) else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }
}

/// The escaping the pages use for attribute values.
enum HTMLText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
