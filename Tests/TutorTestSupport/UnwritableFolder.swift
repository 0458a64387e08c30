import Foundation

/// A folder no one can write in, root included, for tests of what tutor does then: `chmod` does
/// not bind root, so where it is not enough `chattr +i` makes the folder immutable.
public enum UnwritableFolder {
    /// Makes `folder` unwritable; true if it worked (a file system without `chattr` may not allow it).
    public static func make(_ folder: URL) -> Bool {
        chmod(folder.path, 0o555)
        if canWrite(in: folder) { _ = try? run("/usr/bin/chattr", ["+i", folder.path]) }
        return !canWrite(in: folder)
    }

    /// Undoes `make`.
    public static func undo(_ folder: URL) {
        _ = try? run("/usr/bin/chattr", ["-i", folder.path])
        chmod(folder.path, 0o755)
    }

    public static func canWrite(in folder: URL) -> Bool {
        let probe = folder.appendingPathComponent("probe-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else { return false }
        try? FileManager.default.removeItem(at: probe)
        return true
    }

    private static func run(_ program: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
