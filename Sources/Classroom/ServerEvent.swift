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

    /// The event's fields as JSON, written by hand: the outputs' HTML is most of every run's
    /// bytes, and a plain escaper is several times faster than JSONSerialization on it.
    private var json: String {
        switch self {
        case .queued(let cell, let ahead): "{\"ahead\":\(ahead),\"cell\":\(cell)}"
        case .started(let cell): "{\"cell\":\(cell)}"
        case .progress(let cell, let line): "{\"cell\":\(cell),\"line\":\(JSONText.quoted(line))}"
        case .provisional(let cell, let html): "{\"cell\":\(cell),\"html\":\(JSONText.quoted(html))}"
        case .cell(let cell, let html, let arguments, let key, let cached, let seconds):
            "{\"arguments\":\(JSONText.quoted(arguments)),\"cached\":\(cached),\"cell\":\(cell),\"html\":\(JSONText.quoted(html)),"
                + "\"key\":\(JSONText.quoted(key)),\"seconds\":\(seconds.isFinite ? seconds : 0)}"
        case .failed(let cell, let message): "{\"cell\":\(cell),\"message\":\(JSONText.quoted(message))}"
        case .done: "{}"
        case .stopped(let message): "{\"message\":\(JSONText.quoted(message))}"
        case .changed(let page): "{\"page\":\(JSONText.quoted(page))}"
        case .steps(let message): "{\"message\":\(JSONText.quoted(message))}"
        }
    }

    /// What a newer event of the same kind for the same cell makes out of date: a progress
    /// line, or a chart drawn so far (see `EventQueue`); nil for an event every reader must get.
    var replaces: String? {
        switch self {
        case .progress(let cell, _): "progress \(cell)"
        case .provisional(let cell, _): "provisional \(cell)"
        default: nil
        }
    }

    /// The event as the stream carries it. JSON holds no raw newline, so `data:` is one line.
    var text: String {
        "event: \(name)\ndata: \(json)\n\n"
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped, the rest as is
/// (UTF-8 passes through; a line separator is escaped too, for old JavaScript parsers).
enum JSONText {
    static func quoted(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count + 16)
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
