import Foundation

/// A symbolic link that leads nowhere, in words: one that leads back to itself (a loop, through
/// any number of links) is not one whose target "does not exist", which would have the user make
/// a file that is already there.
enum BrokenLink {
    /// What is wrong with the link at `path` ("a symbolic link to 'x', which does not exist", "a
    /// symbolic link that leads back to itself (a symlink loop)"), or nil if `path` is not a link
    /// or its target is there.
    static func problem(at path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        guard stat(path, &info) != 0 else { return nil }
        if errno == ELOOP { return "a symbolic link that leads back to itself (a symlink loop)" }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        return "a symbolic link to '\(Excerpt.of(target))', which does not exist"
    }
}
