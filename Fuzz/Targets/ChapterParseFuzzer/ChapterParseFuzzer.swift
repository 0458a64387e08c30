import Book
import Foundation

/// Fuzz target for the chapter loader: any bytes, as the text of a chapter file, through Book's
/// public `Chapter.parse` (front matter, cmark-gfm, cell info strings, TeX to MathML). A thrown
/// `Diagnostics` is the expected answer to bad text; a crash, a hang or a stack overflow is a bug.
/// (`BookFuzzing.ChapterFuzzer` is another thing: random chapters from awkward pieces, for a unit test.)
///
/// `scripts/fuzz` builds this with `--sanitize=address`, libFuzzer's coverage and `-DFUZZING`: `main`
/// hands `fuzzOne` to libFuzzer's driver. A normal build makes a replayer instead, which runs each
/// file named on its command line through the same function (to re-check a crash input, or a corpus).
func fuzzOne(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? Chapter.parse(text, path: "chapters/01-fuzz.md", fileName: "01-fuzz.md")
}

@main enum Fuzzer {
    static func main() throws {
        #if FUZZING
        // libFuzzer's own driver, given this file's test function; it reads its flags and corpus
        // folders from the command line.
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            fuzzOne(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        })
        #else
        for path in CommandLine.arguments.dropFirst() {
            fuzzOne(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        #endif
    }
}

#if FUZZING
/// libFuzzer's entry point for programs that have their own `main` (SwiftPM gives every executable one).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif
