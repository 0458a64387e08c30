import Foundation
import TutorTestSupport
import Testing

/// The commands as a teacher types them, end to end, on small chapters.
@Suite struct CommandLineTests {
    @Test func buildWritesTheBookAndACachedRebuildRunsNothing() throws {
        let project = try Project()
        defer { project.remove() }
        let first = try tutor("build", in: project.root)
        #expect(first.status == 0, "\(first.all)")
        for page in ["index.html", "01-first.html", "02-second.html", "style.css"] {
            #expect(FileManager.default.fileExists(atPath: project.url("output/" + page).path), "\(page)")
        }
        let index = try String(contentsOf: project.url("output/index.html"), encoding: .utf8)
        #expect(index.contains("01-first.html") && index.contains("02-second.html"))
        let second = try tutor("build", in: project.root)
        #expect(second.status == 0)
        #expect(second.stdout.contains(" 0 cells run"), "\(second.stdout)")
    }

    /// Two builds from nothing, each its own process, write the same files byte for byte: the
    /// pages and every file of the cache (a set written in its own order would differ from one
    /// run of the program to the next).
    @Test func twoBuildsFromNothingWriteTheSameFiles() throws {
        var books: [[String: Data]] = []
        for _ in 0..<2 {
            let project = try Project()
            defer { project.remove() }
            let result = try tutor("build", "--no-cache", in: project.root)
            #expect(result.status == 0, "\(result.all)")
            books.append(project.snapshot())
        }
        #expect(books[0].keys.sorted() == books[1].keys.sorted())
        #expect(books[0].keys.contains { $0.contains(".cache/pages/") }, "\(books[0].keys.sorted())")
        for (path, data) in books[0] where books[1][path] != data {
            Issue.record("\(path) differs between the two builds")
        }
    }

    /// A chapter renamed, renumbered or deleted leaves no page of its own behind once the book
    /// builds: its old page and images go. Pages tutor did not write stay, whatever their name.
    @Test func thePageOfAChapterNoLongerInTheBookIsRemoved() throws {
        let project = try Project()
        defer { project.remove() }
        #expect(try tutor("build", in: project.root).status == 0)
        let firstImages = project.snapshot("output/images").keys.filter { $0.hasPrefix("first-") }
        #expect(!firstImages.isEmpty)
        try project.write("<!doctype html><title>notes</title>", to: "output/07-notes.html")
        try FileManager.default.moveItem(at: project.url("chapters/01-first.md"), to: project.url("chapters/01-one.md"))
        try FileManager.default.moveItem(at: project.url("chapters/02-second.md"), to: project.url("chapters/03-second.md"))
        let result = try tutor("build", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        let files = project.snapshot()
        for gone in ["01-first.html", "02-second.html"] + firstImages.map({ "images/" + $0 }) {
            #expect(files[gone] == nil, "\(gone) is still there")
        }
        for kept in ["01-one.html", "03-second.html", "07-notes.html", "index.html"] {
            #expect(files[kept] != nil, "\(kept) is missing")
        }
        #expect(files.keys.contains { $0.hasPrefix("images/one-") })
    }

    /// Chapters whose names begin with another's and a hyphen (`a`, `a-1`, `a-v1`) keep their
    /// images when the other is built, renamed or deleted: every image a page shows is there.
    @Test func aChapterWhoseNameBeginsWithAnothersKeepsItsImages() throws {
        let project = try Project(chapters: ["01-a-1.md": Project.firstChapter, "02-a.md": Project.firstChapter,
                                             "03-a-v1.md": Project.firstChapter, "04-a-1-1.md": Project.firstChapter])
        defer { project.remove() }
        // The images a page shows.
        func images(_ html: Data) -> Set<String> {
            Set(String(decoding: html, as: UTF8.self).matches(of: /images\/([^"'?#]+\.pgm)/).map { String($0.1) })
        }
        func expectEveryImageShownIsThere(_ when: String) throws {
            let files = project.snapshot()
            var shown = 0
            for (name, data) in files where name.hasSuffix(".html") {
                for image in images(data) {
                    shown += 1
                    #expect(files["images/" + image] != nil, "\(when): \(name) shows images/\(image), which is gone")
                }
            }
            #expect(shown >= 4, "\(when): the pages show \(shown) images")
        }
        let built = try tutor("build", in: project.root)
        #expect(built.status == 0, "\(built.all)")
        try expectEveryImageShownIsThere("after the first build")
        let ownImages = images(try Data(contentsOf: project.url("output/02-a.html")))
        #expect(!ownImages.isEmpty)
        try FileManager.default.moveItem(at: project.url("chapters/02-a.md"), to: project.url("chapters/02-b.md"))
        let renamed = try tutor("build", in: project.root)
        #expect(renamed.status == 0, "\(renamed.all)")
        try expectEveryImageShownIsThere("after chapter a became b")
        let left = project.snapshot("output/images")
        for name in ownImages { #expect(left[name] == nil, "chapter a's \(name) is still there") }
        try FileManager.default.removeItem(at: project.url("chapters/01-a-1.md"))
        #expect(try tutor("build", in: project.root).status == 0)
        try expectEveryImageShownIsThere("after chapter a-1 was deleted")
    }

    /// A page that cannot be written (here its name is a folder; on a full disk, no space) puts
    /// the images back as they were: the new ones removed (nothing shows them, and they would
    /// hold the space), the changed ones given their old bytes (the old page shows those).
    @Test func aPageThatCannotBeWrittenLeavesTheImagesAsTheyWere() throws {
        let digit = "# Again\n\n```swift step=showDigit digit=3\n```\n"
        let project = try Project(chapters: ["01-first.md": Project.firstChapter, "02-again.md": digit])
        defer { project.remove() }
        #expect(try tutor("build", in: project.root).status == 0)
        let before = project.snapshot("output/images")
        #expect(before.keys.contains { $0.hasPrefix("again-") })
        try project.write(digit.replacingOccurrences(of: "digit=3", with: "digit=4") + "\n```swift step=showDigit digit=5\n```\n",
                          to: "chapters/02-again.md")
        try FileManager.default.removeItem(at: project.url("output/02-again.html"))
        try project.write("not a page", to: "output/02-again.html/inside")
        let failed = try tutor("build", in: project.root)
        // (Found before any page or image is written; a write that fails all the same, on a full
        // disk, puts the images back.)
        #expect(failed.status == 1 && failed.all.contains("02-again.html is a folder"), "\(failed.all)")
        let after = project.snapshot("output/images")
        #expect(after.keys.sorted() == before.keys.sorted())
        for (name, data) in before where after[name] != data { Issue.record("\(name) was changed") }
    }

    /// As in a fresh clone of this repository, whose `output/` holds only a `.gitkeep`.
    @Test func theFirstBuildWritesIntoAnOutputFolderHoldingOnlyAGitkeep() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("", to: "output/.gitkeep")
        let result = try tutor("build", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        #expect(FileManager.default.fileExists(atPath: project.url("output/index.html").path))
    }

    @Test func listShowsChaptersAndTheirSteps() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutor("list", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        for fragment in ["First", "Second", "kernels", "adamSteps", "lossCurve"] {
            #expect(result.stdout.contains(fragment), "\(fragment): \(result.stdout)")
        }
    }

    /// `list` lists what loads, an unknown step marked, then fails with the errors `check` gives,
    /// at their places; a folder with no chapter prints no title alone.
    @Test func listFailsOnWhatCheckRefuses() throws {
        let project = try Project(chapters: ["01-first.md": "# First\n\n```swift step=nosuch x=1\n```\n"])
        defer { project.remove() }
        let result = try tutor("list", in: project.root)
        #expect(result.status == 1, "\(result.all)")
        #expect(result.stdout.contains("1. nosuch x=1  — (unknown step)"), "\(result.stdout)")
        #expect(result.stderr.contains("chapters/01-first.md:3:15: error: unknown step 'nosuch'"), "\(result.stderr)")
        let empty = try tutor("list", "--chapters", "nowhere", in: project.root)
        #expect(empty.status == 1 && empty.stdout.isEmpty, "\(empty.all)")
    }

    @Test func checkPassesOnTheRealChapters() throws {
        let result = try tutor("check", in: repositoryRoot)
        #expect(result.status == 0, "\(result.all)")
    }

    @Test func runWalksAChapterWithoutPausingWhenStandardInputIsNotATerminal() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutor("run", "chapter1", "--set", "steps=3", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stdout.contains("First"))
        #expect(result.stdout.contains("identity"), "the kernels step's output: \(result.stdout)")
        #expect(!result.all.contains("\u{1B}["), "NO_COLOR and no terminal: no escape codes")
        // The override reached the cell: three Adam steps in the table.
        #expect(result.stdout.contains("θ (library)"))
    }

    @Test func runAcceptsTheNumberAndTheSlugToo() throws {
        let project = try Project()
        defer { project.remove() }
        for name in ["2", "second", "chapter2"] {
            let result = try tutor("run", name, "--no-pause", in: project.root)
            #expect(result.status == 0, "\(name): \(result.all)")
            #expect(result.stdout.contains("Second"), "\(name)")
        }
    }

    @Test func trainHelpExplainsEveryOption() throws {
        let result = try tutor("train", "--help", in: repositoryRoot)
        #expect(result.status == 0)
        for option in ["--epochs", "--batch-size", "--validation-split", "--filters", "--kernel-size", "--seed", "--normalize", "--json", "--data"] {
            #expect(result.stdout.contains(option), "\(option) missing from --help")
        }
    }

    @Test func trainReportsJSONWithHistoryAndTestAccuracy() throws {
        let result = try tutor("train", "--data", try mnistDirectory(), "--epochs", "1", "--json", in: repositoryRoot)
        #expect(result.status == 0, "\(result.all)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json.keys.contains { $0.lowercased().contains("history") }, "\(json.keys)")
        #expect(json.keys.contains { $0.lowercased().contains("test") }, "\(json.keys)")
    }
}
