import Foundation
import Hashing

/// Saved results of cells, so a rebuild with nothing changed runs nothing.
///
/// Layout, under the cache directory:
///
///     cells/<key>.cell      one entry per cell: a header line, then JSON (outputs, state names)
///     state/<sha256>        one chapter-state value, named by the hash of its bytes
///
/// An entry's header is `tutor-cell-cache <format> <sha256 of the JSON>`. An entry whose format,
/// checksum or key does not match, that does not decode, or that is not a regular file (a folder,
/// a symbolic link) is ignored and the cell runs again; storing its result repairs it. State
/// values are shared between entries (a trained model is stored once, not once per cell after
/// it) and checked against their name when read.
///
/// The cache remembers which entries it served or stored, so that after a full build `prune()`
/// can delete the rest (`CacheFolder` says what it may delete).
public final class CellCache: @unchecked Sendable {  // `used` is guarded by `lock`
    public static let format = 2
    static let magic = "tutor-cell-cache"

    public let directory: URL

    private let lock = NSLock()
    private var used = CacheFolder.Usage()
    /// What the current `recording(_:)` has used, when one is under way.
    private var recorded: CacheFolder.Usage?
    private var prepared = false

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

    var folder: CacheFolder { CacheFolder(directory: directory) }

    func entryURL(_ key: String) -> URL { folder.cells.appendingPathComponent(CacheFolder.entryName(key)) }

    /// Checks that the cache's folders are folders, removes the temporary files of writes a
    /// killed build never finished, and sees that a build stopped now removes its own
    /// (`UnfinishedWrites`). Done once per cache; every use of the cache calls it first.
    ///
    /// - Throws: where a folder of the cache is a file or a link: caching cannot work, and a
    ///   teacher must hear why rather than find every build slow.
    /// For a program that handles SIGINT and SIGTERM itself (a server that stops gracefully): the
    /// cache then installs no handler of its own for them. Call it before any cache is prepared.
    public static func leaveSignalsAlone() {
        UnfinishedWrites.leaveSignalsAlone()
    }

    public func prepare() throws(Diagnostic) {
        lock.lock()
        defer { lock.unlock() }
        guard !prepared else { return }
        try folder.check()
        folder.removeUnfinishedWrites()
        UnfinishedWrites.removeOnTermination()
        prepared = true
    }

    /// The entry for `key`, if there is a sound one.
    /// Whether an entry for `key` is stored (not whether it is sound: `entry` checks that).
    public func hasEntry(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: entryURL(key).path)
    }

    public func entry(_ key: String) -> Entry? {
        guard let data = CacheFolder.readRegularFile(entryURL(key)),
              let payload = Self.unsealed(data, magic: Self.magic),
              let entry = try? JSONCoding.decoder().decode(Entry.self, from: payload),
              entry.key == key else { return nil }
        record(entry)
        return entry
    }

    /// The chapter state an entry recorded, or nil if any value is missing or damaged.
    public func state(of entry: Entry) -> ChapterState? {
        var values: [String: Data] = [:]
        for (name, digest) in entry.state {
            guard let data = CacheFolder.readRegularFile(folder.states.appendingPathComponent(digest)),
                  SHA256.hex(data) == digest else { return nil }
            values[name] = data
        }
        return ChapterState(entries: values)
    }

    /// Saves a cell's outputs and the state after it. Each file is written whole or not at all,
    /// and whatever damaged file held its place is replaced.
    public func store(key: String, outputs: [Output], state: ChapterState) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: folder.cells, withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.states, withIntermediateDirectories: true)
        var names: [String: String] = [:]
        for (name, value) in state.entries {
            let digest = SHA256.hex(value)
            names[name] = digest
            let url = folder.states.appendingPathComponent(digest)
            // A value already stored is kept, unless it is damaged: then it is written again.
            if let stored = CacheFolder.readRegularFile(url), SHA256.hex(stored) == digest { continue }
            try CacheFolder.clearFolder(at: url)
            try AtomicFile.write(value, to: url)
        }
        let entry = Entry(key: key, outputs: outputs, state: names)
        let data = Self.sealed(try JSONCoding.encoder().encode(entry), magic: Self.magic)
        try CacheFolder.clearFolder(at: entryURL(key))
        try AtomicFile.write(data, to: entryURL(key))
        record(entry)
    }

    private func record(_ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        used.keys.insert(entry.key)
        used.states.formUnion(entry.state.values)
        recorded?.keys.insert(entry.key)
        recorded?.states.formUnion(entry.state.values)
    }

    // MARK: Drawn chapters

    /// A chapter as drawn (`PageWriter.ChapterContent`), and the cell entries it was drawn from.
    ///
    /// Its key covers the chapter's text, every cell's key and the sources of the runner and the
    /// course: when none of them changed, neither can the page, and a rebuild neither reads the
    /// cells' entries nor draws the page again. The entries it lists are kept when pruning, so
    /// a later change finds them.
    public struct PageEntry: Codable, Sendable {
        public var key: String
        public var body: String
        public var explorable: Bool
        public var images: [String: Data]
        public var bytesByCell: [Int: Int]
        /// How many cells and variants the page shows (what a rebuild reports as cached).
        public var cells: Int
        public var variants: Int
        var entries: Set<String>
        var states: Set<String>

        public init(key: String, body: String, explorable: Bool, images: [String: Data], bytesByCell: [Int: Int],
                    cells: Int, variants: Int, entries: Set<String>, states: Set<String>) {
            (self.key, self.body, self.explorable, self.images, self.bytesByCell) = (key, body, explorable, images, bytesByCell)
            (self.cells, self.variants, self.entries, self.states) = (cells, variants, entries, states)
        }

        /// As synthesized, but the counts checked: a rebuild adds them up, and a count no build
        /// could have written (an entry edited by hand) would overflow the sum. Such an entry is
        /// not read, and the chapter is drawn again.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(String.self, forKey: .key)
            body = try c.decode(String.self, forKey: .body)
            explorable = try c.decode(Bool.self, forKey: .explorable)
            images = try c.decode([String: Data].self, forKey: .images)
            bytesByCell = try c.decode([Int: Int].self, forKey: .bytesByCell)
            cells = try c.decode(Int.self, forKey: .cells)
            variants = try c.decode(Int.self, forKey: .variants)
            entries = try c.decode(Set<String>.self, forKey: .entries)
            states = try c.decode(Set<String>.self, forKey: .states)
            let plausible = 0...Self.largestCount
            guard plausible.contains(cells), plausible.contains(variants),
                  bytesByCell.allSatisfy({ plausible.contains($0.key) && plausible.contains($0.value) }) else {
                throw DecodingError.dataCorruptedError(forKey: .cells, in: c, debugDescription: "counts out of range")
            }
        }

        enum CodingKeys: String, CodingKey { case key, body, explorable, images, bytesByCell, cells, variants, entries, states }

        /// More cells, variants or bytes than any page holds, and small enough to add up.
        static let largestCount = 1 << 40

        /// As synthesized, but with the sets in order: the same page gives the same file (a set's
        /// own order changes from one run of the program to the next).
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(body, forKey: .body)
            try container.encode(explorable, forKey: .explorable)
            try container.encode(images, forKey: .images)
            try container.encode(bytesByCell, forKey: .bytesByCell)
            try container.encode(cells, forKey: .cells)
            try container.encode(variants, forKey: .variants)
            try container.encode(entries.sorted(), forKey: .entries)
            try container.encode(states.sorted(), forKey: .states)
        }
    }

    func pageURL(_ key: String) -> URL { folder.pages.appendingPathComponent(CacheFolder.pageName(key)) }

    /// The drawn chapter stored under `key`, if it is sound; its cell entries count as used.
    public func page(_ key: String) -> PageEntry? {
        guard let data = CacheFolder.readRegularFile(pageURL(key)),
              let payload = Self.unsealed(data, magic: Self.pageMagic),
              let entry = try? JSONCoding.decoder().decode(PageEntry.self, from: payload),
              entry.key == key else { return nil }
        lock.lock()
        defer { lock.unlock() }
        used.formUnion(CacheFolder.Usage(keys: entry.entries, states: entry.states, pages: [key]))
        return entry
    }

    /// Stores a drawn chapter, with the usage `recording(_:)` measured while it was computed.
    public func storePage(_ entry: PageEntry) throws {
        try FileManager.default.createDirectory(at: folder.pages, withIntermediateDirectories: true)
        let data = Self.sealed(try JSONCoding.encoder().encode(entry), magic: Self.pageMagic)
        try CacheFolder.clearFolder(at: pageURL(entry.key))
        try AtomicFile.write(data, to: pageURL(entry.key))
        lock.lock()
        defer { lock.unlock() }
        used.pages.insert(entry.key)
    }

    static let pageMagic = "tutor-page-cache"

    // MARK: The files' header

    /// A cell or page file: the line `<magic> <format> <SHA-256 of the payload>`, then the payload.
    static func sealed(_ payload: Data, magic: String) -> Data {
        Data("\(magic) \(format) \(SHA256.hex(payload))\n".utf8) + payload
    }

    /// The payload of a file `sealed` wrote with `magic` in this format, if its checksum holds.
    static func unsealed(_ data: Data, magic: String) -> Data? {
        guard let newline = data.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let header = String(decoding: data[data.startIndex..<newline], as: UTF8.self).split(separator: " ")
        let payload = Data(data[(newline + 1)...])
        guard header.count == 3, header[0] == magic, header[1] == String(format), header[2] == SHA256.hex(payload) else { return nil }
        return payload
    }

    /// Runs `body`, and returns with its result the cell entries and state values it used.
    public func recording<T>(_ body: () throws -> T) rethrows -> (T, entries: Set<String>, states: Set<String>) {
        lock.lock()
        recorded = CacheFolder.Usage()
        lock.unlock()
        defer {
            lock.lock()
            recorded = nil
            lock.unlock()
        }
        let result = try body()
        lock.lock()
        let usage = recorded ?? CacheFolder.Usage()
        lock.unlock()
        return (result, usage.keys, usage.states)
    }

    /// Deletes every entry and state value this cache neither served nor stored. Call it after a
    /// build that ran every chapter, so what it deletes is what no chapter uses any more.
    /// - Returns: how many files it deleted.
    @discardableResult
    public func prune() -> Int {
        lock.lock()
        defer { lock.unlock() }
        return folder.prune(keeping: used)
    }
}
