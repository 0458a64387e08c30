import Foundation
import Testing

/// Script injection, tried on purpose: a chapter's HTML and links reach the page disarmed, in safe
/// mode and with `raw-html: true`, in the chapter page and in the contents page's summary.
@Suite struct BadMarkupTests {
    /// Every vector from the outside tester's report, and their neighbours.
    static let hostileHTML = """
        Opening <img src=x.png onerror=alert(1)> and <svg onload=alert(2)><circle r=1></circle></svg> here.

        <IMG SRC=y.png ONERROR=alert(3)> <img src=z.png onerror="alert(4)"> <svg><animate onbegin=alert(5) attributeName=x dur=1s></animate></svg>

        <a href="&#106;avascript:alert(6)">a</a> <a href="jav&#x61;script:alert(7)">b</a> <a href=" JaVaScRiPt:alert(8)">c</a>

        <iframe src="https://example.com"></iframe> <object data=x></object> <embed src=x>

        <style>body { display: none }</style>

        <form action="https://example.com"><input name=q></form>

        <meta http-equiv=refresh content="0;url=javascript:alert(9)"> <base href="https://example.com/"> <link rel=stylesheet href="https://example.com/x.css">

        <div onclick=alert(10) style="background:url(javascript:alert(11))">div</div>

        <img src="file:///etc/passwd"> <img src="data:image/svg+xml,<svg onload=alert(12)>">
        """

    static let hostileLinks = """
        [one](javascript:alert(1)) ![two](file:///etc/passwd) [three](jav&#x61;script:alert(3))
        [four](JaVaScRiPt:alert(4)) [five](<\u{1}javascript:alert(5)>) [six](vbscript:x) <javascript:alert(7)>
        [seven](data:text/html,<script>alert(8)</script>) [eight](//example.com/x) ![nine](/etc/passwd)
        """

    /// What no built page may contain, in any case.
    static let liveMarkers = ["onerror=", "onload=", "onbegin=", "onclick=", "javascript:", "vbscript:", "file:", "<iframe", "<object",
                              "<embed", "<style", "<form", "<meta http-equiv=\"refresh", "<meta http-equiv=refresh", "<base", "<svg onload",
                              "href=\"//", "src=\"/etc", "data:text", "data:image/svg"]

    private func buildPages(_ chapter: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let project = try Project(chapters: ["01-first.md": chapter])
        defer { project.remove() }
        // The pictures its raw HTML shows, which the book copies (a missing one is an error).
        for name in ["x.png", "y.png", "z.png"] { try project.write(pictureBytes(), to: "chapters/" + name) }
        let result = try tutor("build", in: project.root)
        try #require(result.status == 0, "\(result.all)", sourceLocation: sourceLocation)
        var pages: [String: String] = [:]
        for name in ["01-first.html", "index.html"] {
            pages[name] = try String(contentsOf: project.url("output/" + name), encoding: .utf8)
        }
        return pages
    }

    /// Lower-cased tags of `html` (the markup a browser acts on), text between them left out.
    private func tags(_ html: String) -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true }
            if inTag { out.append(character) }
            if character == ">" { inTag = false; out += " " }
        }
        return out.lowercased()
    }

    private func expectNothingLive(_ pages: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, html) in pages {
            let markup = tags(html)
            for marker in Self.liveMarkers {
                #expect(!markup.contains(marker), "\(name) has a live \(marker)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func rawHTMLKeepsOnlyHarmlessTagsInTheChapterAndTheContents() throws {
        let pages = try buildPages("---\nraw-html: true\n---\n# First\n\n" + Self.hostileHTML + "\n")
        expectNothingLive(pages)
        // The harmless part survives: the image (without its handler) and the div (without its style).
        #expect(pages["01-first.html"]?.contains("<img src=\"x.png\">") == true)
        #expect(pages["01-first.html"]?.contains("<div>div</div>") == true)
        // The contents page copies the opening paragraph: disarmed there too.
        #expect(pages["index.html"]?.contains("Opening <img src=\"x.png\">") == true)
    }

    @Test func safeModeShowsTheHTMLAsText() throws {
        let pages = try buildPages("# First\n\n" + Self.hostileHTML + "\n")
        expectNothingLive(pages)
        #expect(pages["01-first.html"]?.contains("&lt;img src=x.png onerror=alert(1)&gt;") == true)
    }

    @Test(arguments: [false, true])
    func markdownLinksNeverRunScriptsNorReadFiles(rawHTML: Bool) throws {
        let pages = try buildPages((rawHTML ? "---\nraw-html: true\n---\n" : "") + "# First\n\n" + Self.hostileLinks + "\n")
        expectNothingLive(pages)
        #expect(pages["01-first.html"]?.contains(">one</a>") == true, "the link text stays")
    }

    /// The page leaves those addresses out, and the build says so at each, but still builds;
    /// `tutor check` counts them as problems.
    @Test func eachLinkThePageLeavesOutIsSaidWhereItIsWritten() throws {
        let project = try Project(chapters: ["01-first.md": "# First\n\n" + Self.hostileLinks + "\n"])
        defer { project.remove() }
        let build = try tutor("build", in: project.root)
        #expect(build.status == 0, "\(build.all)")
        for place in ["3:1: warning: this link's address 'javascript:alert(1)'", "3:28: warning: this picture's address 'file:///etc/passwd'",
                      "5:1: warning: this link's address 'data:text/html", "5:51: warning: this link's address '//example.com/x'",
                      "5:76: warning: this picture's address '/etc/passwd'"] {
            #expect(build.stderr.contains("chapters/01-first.md:" + place), "\(place)\n\(build.all)")
        }
        let check = try tutor("check", in: project.root)
        #expect(check.status != 0 && check.stderr.contains("chapters/01-first.md:3:1: error: this link's address 'javascript:alert(1)'"),
                "\(check.all)")
    }

    @Test func everyPageForbidsScriptsAndTheNetwork() throws {
        let pages = try buildPages("# First\n\nProse.\n")
        for (name, html) in pages {
            #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none';"), "\(name)")
            // Before anything it governs: right after the charset.
            let csp = html.range(of: "Content-Security-Policy")?.lowerBound
            let stylesheet = html.range(of: "<link rel=\"stylesheet\"")?.lowerBound
            #expect(csp != nil && stylesheet != nil && csp! < stylesheet!, "\(name)")
        }
    }
}

/// Escape sequences in a chapter or the settings reach the terminal as text: `list` and `run`
/// show them as U+001B, and keep their own styles.
@Suite struct TerminalEscapeTests {
    @Test func listAndRunShowTheEscapesOfAChapterInsteadOfSendingThem() throws {
        let chapter = "# Title\u{1B}[2J\n\nProse \u{1B}]0;pwned\u{07} here.\n\n```swift step=lossCurve points=20\n```\n"
        let project = try Project(chapters: ["01-first.md": chapter])
        let list = try tutor("list", in: project.root)
        #expect(list.status == 0, "\(list.all)")
        #expect(!list.all.contains("\u{1B}") && list.stdout.contains("TitleU+001B[2J"), "\(list.all)")
        let run = try tutor("run", "1", "--no-pause", in: project.root)
        #expect(run.status == 0, "\(run.all)")
        #expect(!run.all.contains("\u{1B}") && run.stdout.contains("U+001B]0;pwnedU+0007"), "\(run.all)")
    }

    /// A title is refused with a control character in it, from the settings file and from `--title`, as
    /// with a line break; the message shows the character.
    @Test func aTitleWithAnEscapeIsRefusedWhereverItComesFrom() throws {
        let project = try Project()
        let option = try tutor("build", "--title", "red\u{1B}[31m", in: project.root)
        #expect(option.status != 0 && option.stderr.contains("--title holds the control character U+001B"), "\(option.all)")
        try project.write("title = \"\u{1B}]0;pwned\u{07}\"\n", to: "chapters/book.toml")
        let list = try tutor("list", in: project.root)
        #expect(list.status == 1 && list.stderr.contains("chapters/book.toml:1:9: error: title holds the control character U+001B"),
                "\(list.all)")
        for result in [option, list] { #expect(!result.all.contains("\u{1B}")) }
    }
}
