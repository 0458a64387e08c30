import Foundation
@testable import Lessons
import Testing

/// The command a message advises names the folder itself once pasted into a shell.
@Suite struct DataAdviceTests {
    @Test func aPathIsQuotedAsAShellReadsItBack() {
        #expect(DataAdvice.shellQuoted("/tmp/mnist-2.0") == "/tmp/mnist-2.0")
        #expect(DataAdvice.shellQuoted("/tmp/my data/it's") == "'/tmp/my data/it'\\''s'")
        // A tab or a newline would be shown as U+0009 by the message: escaped, it survives.
        #expect(DataAdvice.shellQuoted("/tmp/tab\tdir") == "$'/tmp/tab\\tdir'")
        #expect(DataAdvice.shellQuoted("/tmp/a'b\nc\u{1}\\") == "$'/tmp/a\\'b\\nc\\x01\\\\'")
    }

    /// Read back by bash, each quoted form is the path again, byte for byte.
    @Test func bashReadsTheQuotedPathBack() throws {
        for path in ["/tmp/my data/it's", "/tmp/tab\tdir", "/tmp/a'b\nc\u{1}\\", "/tmp/café dir"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "printf %s " + DataAdvice.shellQuoted(path)]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(data == Data(path.utf8), "\(path.debugDescription)")
        }
    }
}
