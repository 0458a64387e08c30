import Foundation

/// Where the MNIST files are looked for, in order: the `--data DIR` option, the `TUTOR_DATA`
/// environment variable, then `data/mnist` under the current directory.
public enum DataLocation {
    /// The environment variable that names the data directory.
    public static let environmentVariable = "TUTOR_DATA"
    /// The directory used when neither the option nor the variable is given.
    public static let defaultRelativePath = "data/mnist"

    /// The data directory for this run.
    public static func resolve(
        option: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> URL {
        if let option, !option.isEmpty {
            return URL(fileURLWithPath: option, relativeTo: currentDirectory).standardizedFileURL
        }
        if let variable = environment[environmentVariable], !variable.isEmpty {
            return URL(fileURLWithPath: variable, relativeTo: currentDirectory).standardizedFileURL
        }
        return currentDirectory.appendingPathComponent(defaultRelativePath).standardizedFileURL
    }
}

/// A data folder as a whole.
public enum DataDirectory {
    /// Throws `unreadable` if `directory` exists but is not a folder (`--data` naming a file, or
    /// `/dev/null`): otherwise every file in it would be reported missing, which points the
    /// wrong way.
    ///
    /// Likewise a folder that is there but cannot be looked into: a symbolic link loop, or one
    /// this user may not search (its files would read as missing, and the advice to put them
    /// there would be wrong).
    public static func check(_ directory: URL) throws(DataError) {
        var info = stat()
        guard stat(directory.path, &info) == 0 else {
            if errno == ELOOP {
                throw .unreadable(file: directory.path, reason: "a symbolic link that leads back to itself (a symlink loop)")
            }
            if errno == EACCES {
                throw .unreadable(file: directory.path, reason: "permission denied on the way to it")
            }
            return  // missing: each file says so
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .unreadable(file: directory.path, reason: "not a folder; name the folder that holds the MNIST files")
        }
        guard access(directory.path, X_OK) == 0 else {
            throw .unreadable(file: directory.path, reason: "this user may not look into the folder (permission denied)")
        }
    }
}
