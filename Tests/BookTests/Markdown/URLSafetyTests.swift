@testable import Book
import Testing

@Suite struct URLSafetyTests {
    @Test(arguments: ["02-next.html", "#cell-3", "images/a.png", "https://example.com", "HTTP://EXAMPLE.COM", "mailto:a@b.c", "", "a/b:c"])
    func allowsRelativeAndWebLinks(url: String) {
        #expect(URLSafety.isAllowed(url, forImage: false))
    }

    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " \u{1}javascript:x", "java\tscript:x", "java\nscript:x",
                      "vbscript:x", "file:///etc/passwd", "/etc/passwd", "//evil.example/x", "data:text/html,x",
                      "\u{200B}javascript:x", "ja\u{0}vascript:x", "data:image/png;base64,AA"])
    func refusesEverythingElseForLinks(url: String) {
        #expect(!URLSafety.isAllowed(url, forImage: false))
    }

    @Test func allowsRasterDataImagesOnly() {
        #expect(URLSafety.isAllowed("data:image/png;base64,AA", forImage: true))
        #expect(URLSafety.isAllowed("DATA:IMAGE/JPEG;base64,AA", forImage: true))
        #expect(!URLSafety.isAllowed("data:image/svg+xml,<svg onload=x>", forImage: true))
        #expect(!URLSafety.isAllowed("mailto:a@b.c", forImage: true))
        // The pages' security policy would block it: no picture from the web.
        #expect(!URLSafety.isAllowed("https://example.com/a.png", forImage: true))
        #expect(!URLSafety.isAllowed("Http://example.com/a.png", forImage: true))
        #expect(URLSafety.isAllowed("https://example.com/a.png", forImage: false))
    }
}
