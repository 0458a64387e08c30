import Book
import Foundation

/// How `tutor serve` serves a book: where the chapters, data and cache are, what course runs
/// them, where it listens, and how many runs of each kind go at once.
public struct ClassroomOptions: Sendable {
    public var registry: StepRegistry
    public var chapters: URL
    /// How messages name the chapters folder (`chapters`).
    public var chaptersDisplayPath: String
    public var data: DataSources
    /// The cell cache, shared with `tutor build` (`output/.cache`), so a built book serves at once.
    public var cacheDirectory: URL
    public var seed: UInt64
    public var bookTitle: String
    /// The address to listen on: loopback unless told otherwise.
    public var host: String
    /// 0 asks the system for a free port (tests); the one bound is told to `onListening`.
    public var port: Int
    /// Long steps (training) that run at once; the others wait in line, told their place.
    public var longRunsAtOnce: Int
    /// Quick steps computed at once; more than the cores, as most of a quick run is waiting on the cache.
    public var quickRunsAtOnce: Int
    /// How often the chapters folder is looked at for changes.
    public var pollInterval: Duration
    /// The folder holding the course's Swift sources (`Sources`), to tell a teacher who edits a
    /// step that the running binary still has the old code; nil to not look.
    public var stepSources: URL?
    /// Names besides its addresses and `localhost` that requests may call the server by in their
    /// Host (`--allow-host`): every other name is refused, against DNS rebinding (`HostCheck`).
    public var allowedHosts: [String]
    /// Bytes this session may add to the cache (`--cache-limit`); past them the entries it wrote
    /// and used least lately are deleted (`CacheBudget`). What was there before is never touched.
    public var cacheLimit: Int

    /// Told, when the server starts and whenever they change, what `tutor build` would refuse in
    /// chapters that still run here: dead links, and pictures or linked files that are missing or
    /// cannot be taken (`LinkCheck`, `ChapterFiles`), as warnings; and the errors of the chapters
    /// that do not load. The page shows the rest as it can; the teacher's terminal hears why a
    /// picture is a hole, or a chapter is not served.
    public var onBookProblems: @Sendable ([Diagnostic]) -> Void = { _ in }

    /// Connections open at once; past them the server accepts no more until one closes (they
    /// wait in the system's queue), so that a flood of connections cannot take every file
    /// descriptor from the cache and the chapter watcher (see `defaultMaximumConnections`).
    public var maximumConnections: Int = ClassroomOptions.defaultMaximumConnections

    /// 2,000, or fewer where the process may open fewer files: half of its limit, less 64 kept
    /// for the cache, the chapters and the data. A class of 100 has a few hundred open.
    public static var defaultMaximumConnections: Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 2000 }
        return max(16, min(2000, Int(clamping: limit.rlim_cur) / 2 - 64))
    }

    /// One gigabyte: a class's afternoon of trying values, while a full book's cache is far less.
    public static let defaultCacheLimit = 1 << 30

    public init(registry: StepRegistry, chapters: URL, chaptersDisplayPath: String? = nil, data: DataSources, cacheDirectory: URL,
                seed: UInt64 = BuildOptions.defaultSeed, bookTitle: String = BuildOptions.defaultTitle, host: String = "127.0.0.1",
                port: Int = 8000, longRunsAtOnce: Int = 1, quickRunsAtOnce: Int = 4, pollInterval: Duration = .milliseconds(200),
                stepSources: URL? = nil, allowedHosts: [String] = [], cacheLimit: Int = ClassroomOptions.defaultCacheLimit) {
        self.registry = registry
        self.chapters = chapters
        self.chaptersDisplayPath = chaptersDisplayPath ?? chapters.path
        self.data = data
        self.cacheDirectory = cacheDirectory
        self.seed = seed
        self.bookTitle = bookTitle
        self.host = host
        self.port = port
        self.longRunsAtOnce = longRunsAtOnce
        self.quickRunsAtOnce = quickRunsAtOnce
        self.pollInterval = pollInterval
        self.stepSources = stepSources
        self.allowedHosts = allowedHosts
        self.cacheLimit = cacheLimit
    }
}
