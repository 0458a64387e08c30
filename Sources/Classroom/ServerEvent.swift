import Foundation

/// What the server streams to a page, as server-sent events (`event: NAME`, `data: JSON`).
enum ServerEvent: Sendable {
    // From `/api/run/PAGE`: a reader's run of a chapter's cells.
    /// Waiting for a place to run a long step; `ahead` runs before it.
    case queued(cell: Int, ahead: Int)
    /// The cell is being computed (not taken from the cache).
    case started(cell: Int)
    /// A line of the step's progress (a training's batches).
    case progress(cell: Int, line: String)
    /// An output shown while the step runs (the loss curve so far).
    case provisional(cell: Int, html: String)
    /// A cell's outputs, drawn.
    case cell(cell: Int, html: String, arguments: String, key: String, cached: Bool, seconds: Double)
    /// The cell's step failed: the located message; the cells after it do not run.
    case failed(cell: Int, message: String)
    /// Every cell asked for was sent.
    case done
    /// The server is stopping; the run ends here.
    case stopped(message: String)

    // From `/api/events`: the book itself.
    /// A chapter file changed (`page` is its page, or "*" for the list of chapters).
    case changed(page: String)
    /// The step code on disk is not what this binary runs.
    case steps(message: String)

    var name: String {
        switch self {
        case .queued: "queued"
        case .started: "started"
        case .progress: "progress"
        case .provisional: "provisional"
        case .cell: "cell"
        case .failed: "failed"
        case .done: "done"
        case .stopped: "stopped"
        case .changed: "changed"
        case .steps: "steps"
        }
    }

    private var fields: [String: Any] {
        switch self {
        case .queued(let cell, let ahead): ["cell": cell, "ahead": ahead]
        case .started(let cell): ["cell": cell]
        case .progress(let cell, let line): ["cell": cell, "line": line]
        case .provisional(let cell, let html): ["cell": cell, "html": html]
        case .cell(let cell, let html, let arguments, let key, let cached, let seconds):
            ["cell": cell, "html": html, "arguments": arguments, "key": key, "cached": cached, "seconds": seconds]
        case .failed(let cell, let message): ["cell": cell, "message": message]
        case .done: [:]
        case .stopped(let message): ["message": message]
        case .changed(let page): ["page": page]
        case .steps(let message): ["message": message]
        }
    }

    /// The event as the stream carries it. JSON holds no raw newline, so `data:` is one line.
    var text: String {
        let json = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        return "event: \(name)\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
    }
}
