import Foundation
import Testing
import TutorTestSupport
#if os(Linux)
import Glibc

/// `tutor run` on a real terminal (a pseudo-terminal here): a stop in the middle of a picture
/// leaves the teacher's terminal without the picture's colours.
@Suite struct PresenterTerminalTests {
    /// Pictures in colour, on a terminal that is not read: tutor blocks in the middle of a write,
    /// perhaps of an escape sequence, and is stopped there.
    @Test(arguments: [SIGTERM, SIGINT])  // (SIGHUP too, unless the parent ignores it, as nohup does)
    func aStopInTheMiddleOfAPictureResetsTheColours(signal: Int32) throws {
        let project = try Project(chapters: ["01-digits.md": "# Digits\n\n" + String(repeating: "```swift step=showDigit digit=3\n```\n\n", count: 40)])
        defer { project.remove() }
        // A new pseudo-terminal: its master end here, its other end tutor's standard streams.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        // Linux's TIOCSPTLCK (unlock) and TIOCGPTN (its number), function-like macros Swift does not import.
        let (setLock, getNumber): (UInt, UInt) = (0x4004_5431, 0x8004_5430)
        var unlock: Int32 = 0, number: UInt32 = 0
        try #require(ioctl(master, setLock, &unlock) == 0 && ioctl(master, getNumber, &number) == 0)
        let terminal = try #require(FileHandle(forUpdatingAtPath: "/dev/pts/\(number)"))
        let process = Process()
        process.executableURL = tutorBinary
        process.arguments = ["run", "1", "--no-pause"]
        process.currentDirectoryURL = project.root
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment.removeValue(forKey: "NO_COLOR")
        process.environment = environment
        (process.standardInput, process.standardOutput, process.standardError) = (terminal, terminal, FileHandle.nullDevice)
        try process.run()
        try terminal.close()
        Thread.sleep(forTimeInterval: 1.5)  // long enough to fill the terminal's buffer, and block
        kill(process.processIdentifier, signal)
        // Read all it wrote, until it has ended and nothing more comes.
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 300) <= 0 { if !process.isRunning { break } else { continue } }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal, "stopped by the signal")
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.contains("\u{1b}[48;5;"), "colours were drawn")
        #expect(text.hasSuffix("\u{1b}[0m\r\n"), "ends with the colours reset: …\(text.suffix(60).debugDescription)")
    }
}
#endif
