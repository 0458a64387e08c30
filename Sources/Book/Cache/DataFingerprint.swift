import Foundation
import Hashing

/// A fingerprint of the data a step reads, for its cache key.
///
/// It hashes the names, sizes and modification times of the regular files in the data
/// directory, not their contents: reading 50 MB of data on every build would cost more than
/// the cached rebuild itself, and any tool that replaces a file changes its time or size.
/// A directory that does not exist has a fingerprint of its own, so a cell that failed for lack
/// of data is not confused with one that ran with it.
public enum DataFingerprint {
    /// "none" for a step that reads nothing; else each source's name and its own fingerprint
    /// (a source the build does not supply is "absent", so supplying it later reruns the cell).
    public static func of(_ need: DataNeed, in data: DataSources) -> String {
        guard !need.sources.isEmpty else { return "none" }
        return need.sources.map { name in
            name + ":" + (data[name].map { $0.fingerprint($0.folder) } ?? "absent")
        }.joined(separator: ";")
    }

    public static func of(directory: URL) -> String {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return "missing" }
        var lines: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory.appendingPathComponent(name).path
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            lines.append("\(name)\t\(size)\t\(Int64((time * 1_000_000).rounded()))")
        }
        return SHA256.hex(lines.joined(separator: "\n"))
    }
}
