@testable import Book
import Testing
import BookFuzzing

/// Random chapters assembled from awkward pieces: parsing may fail, with diagnostics, but never
/// crash. (This found a crash: a placeholder lookalike written in a chapter.)
@Suite struct ChapterFuzzTests {
    @Test func neverCrashesOnRandomChapters() {
        var fuzzer = ChapterFuzzer(seed: 7)
        var parsed = 0
        for _ in 0..<500 {
            if (try? Chapter.parse(fuzzer.next(), path: "fuzz.md", fileName: "01-fuzz.md")) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }
}
