import CNN
import Foundation

/// Fuzz target for the IDX reader (gzip included): any bytes, decoded as an images file, a labels
/// file and an images file of any shape. A thrown `DataError` is the expected answer to most
/// inputs; a crash, a hang, an out-of-bounds access or a decoded file that does not re-encode to
/// its input is a bug.
///
/// `scripts/fuzz` builds this with `--sanitize=address`, libFuzzer's coverage and `-DFUZZING`: `main`
/// hands `fuzzOne` to libFuzzer's driver. A normal build makes a replayer instead, which runs each file named
/// on its command line through the same function (to re-check a crash input, or a corpus).
func fuzzOne(_ bytes: [UInt8]) {
    // A smaller maximum than the real 256 MiB: the same checks, with allocations that keep the
    // fuzzer fast.
    let maximum = 1 << 24
    let shapes: [(UInt32, [Int?])] = [(IDX.imagesMagic, [nil, 28, 28]), (IDX.labelsMagic, [nil]), (IDX.imagesMagic, [nil, nil, nil])]
    for (magic, shape) in shapes {
        guard let content = try? IDX.decode(bytes, file: "fuzz", magic: magic, shape: shape, maximumBytes: maximum) else {
            continue
        }
        // A zero size makes the product 0 however large the others are (their product may overflow).
        let count = content.dimensions.contains(0) ? 0 : content.dimensions.reduce(1, *)
        precondition(content.values.count == count, "values and dimensions disagree")
        let reencoded = content.header + content.values
        if !(bytes.starts(with: [0x1F, 0x8B])) {
            precondition(reencoded == bytes, "a raw file decoded to something other than itself")
        }
        let again = try? IDX.decode(reencoded, file: "fuzz", magic: magic, shape: shape, maximumBytes: maximum)
        precondition(again == content, "re-encoding changed the content")
    }
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
