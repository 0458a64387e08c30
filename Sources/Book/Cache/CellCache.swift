import Foundation

/// Saved results of cells, so a rebuild with nothing changed runs nothing.
///
/// Layout, under the cache directory:
///
///     cells/<key>.cell      one entry per cell: a header line, then JSON (outputs, state names)
///     state/<sha256>        one chapter-state value, named by the hash of its bytes
///
/// An entry's header is `tutor-cell-cache <format> <sha256 of the JSON>`. An entry whose format,
/// checksum or key does not match, or that does not decode, is ignored and the cell runs again.
/// State values are shared between entries (a trained model is stored once, not once per cell
/// after it) and checked against their name when read.
public struct CellCache: Sendable {
    public static let format = 1
    static let magic = "tutor-cell-cache"

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// What a cell showed, and the names of the chapter state after it.
    public struct Entry: Codable, Sendable, Hashable {
        public var key: String
        public var outputs: [Output]
        /// State key -> SHA-256 of its value, stored under `state/`.
        public var state: [String: String]
    }

    private var cells: URL { directory.appendingPathComponent("cells") }
    private var states: URL { directory.appendingPathComponent("state") }

    func entryURL(_ key: String) -> URL { cells.appendingPathComponent(key + ".cell") }

    /// The entry for `key`, if there is a sound one.
    public func entry(_ key: String) -> Entry? {
        guard let data = try? Data(contentsOf: entryURL(key)),
              let newline = data.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let header = String(decoding: data[data.startIndex..<newline], as: UTF8.self).split(separator: " ")
        let payload = data[(newline + 1)...]
        guard header.count == 3, header[0] == Self.magic, header[1] == String(Self.format),
              header[2] == Digest.sha256(Data(payload)),
              let entry = try? JSONCoding.decoder().decode(Entry.self, from: payload),
              entry.key == key else { return nil }
        return entry
    }

    /// The chapter state an entry recorded, or nil if any value is missing or damaged.
    public func state(of entry: Entry) -> ChapterState? {
        var values: [String: Data] = [:]
        for (name, digest) in entry.state {
            guard let data = try? Data(contentsOf: states.appendingPathComponent(digest)),
                  Digest.sha256(data) == digest else { return nil }
            values[name] = data
        }
        return ChapterState(entries: values)
    }

    /// Saves a cell's outputs and the state after it. Each file is written whole or not at all.
    public func store(key: String, outputs: [Output], state: ChapterState) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: cells, withIntermediateDirectories: true)
        try manager.createDirectory(at: states, withIntermediateDirectories: true)
        var names: [String: String] = [:]
        for (name, value) in state.entries {
            let digest = Digest.sha256(value)
            names[name] = digest
            let url = states.appendingPathComponent(digest)
            if !manager.fileExists(atPath: url.path) { try AtomicFile.write(value, to: url) }
        }
        let payload = try JSONCoding.encoder().encode(Entry(key: key, outputs: outputs, state: names))
        var data = Data("\(Self.magic) \(Self.format) \(Digest.sha256(payload))\n".utf8)
        data.append(payload)
        try AtomicFile.write(data, to: entryURL(key))
    }
}
