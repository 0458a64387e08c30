import Book
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// `tutor serve`: the book, live. Serves the chapter pages with a control for every parameter,
/// runs a reader's values through the cache on request (`/api/run/PAGE`), streams long steps'
/// progress, and tells open pages when a chapter file changes (`/api/events`).
///
/// Serves only what it draws itself, by exact name: the pages, the stylesheet, the script, the
/// pictures of outputs (`ImageShelf`); and the files the chapters show or link from their folder
/// (`ChapterFiles`), looked up by exact path among those. No file is read from a path a request
/// names, so no request can reach a file outside the book.
public struct Classroom: Sendable {
    public let options: ClassroomOptions
    let book: ServedBook
    let hub = EventHub()
    let long: WaitingLine
    let quick: WaitingLine
    let hosts: HostCheck
    /// The running service group, for `stop()`.
    private let running = RunningGroup()

    public init(options: ClassroomOptions) {
        self.options = options
        self.book = ServedBook(options: options, images: ImageShelf())
        self.hosts = HostCheck(host: options.host, port: options.port, allowedNames: options.allowedHosts)
        let long = WaitingLine(places: options.longRunsAtOnce), quick = WaitingLine(places: options.quickRunsAtOnce)
        self.long = long
        self.quick = quick
        // Stopping sends away the runs still waiting for a place, as it ends those running.
        hub.whenStopped {
            long.close()
            quick.close()
        }
    }

    /// Serves until Ctrl-C (SIGINT) or SIGTERM, or until the task is cancelled.
    /// - Throws: a `Diagnostic` before listening when the cache cannot be used (a file or a link
    ///   where a folder of it should be, a folder it cannot write in): every result would be lost.
    /// - Parameters:
    ///   - stopOnSignals: false for a server inside tests, which must leave the runner's signals alone.
    ///   - onListening: told the port once the server listens (useful with port 0).
    public func run(stopOnSignals: Bool = true, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // Ctrl-C stops the server gracefully (the service group below), not the cache's way of
        // removing its unfinished files and dying at once.
        if stopOnSignals { CellCache.leaveSignalsAlone() }
        try book.cache.prepareForWriting()
        book.budget.start()
        book.reload()
        var logger = Logger(label: "tutor-serve")
        logger.logLevel = .error
        // A connection with nothing new for 30 s is closed: no request, or the head of one still
        // not complete (a client sending a line at a time, holding a connection for nothing). A
        // response being written, an event stream among them, is never cut.
        let app = Application(
            router: router(),
            server: .http1(configuration: .init(additionalChannelHandlers: [AbsoluteFormHost.Installer(), ReaderPresence()], idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil,
                                 availableConnectionsDelegate: MaximumAvailableConnections(options.maximumConnections)),
            onServerRunning: { [hosts] channel in
                let port = channel.localAddress?.port ?? options.port
                hosts.port.set(port)
                await onListening(port)
            },
            logger: logger)
        let watcher = ChapterWatcher(book: book, hub: hub)
        // The watcher last: a group stops its services in reverse, so the watcher ends the
        // pages' event streams and the runs before the HTTP server waits for its requests.
        let group = ServiceGroup(configuration: .init(services: [.init(service: app), .init(service: watcher)],
                                                      gracefulShutdownSignals: stopOnSignals ? [.sigint, .sigterm] : [], logger: logger))
        running.set(group)
        try await group.run()
    }

    /// Stops the server as Ctrl-C does: the pages' streams and the runs end, then the HTTP server
    /// answers what it is answering and closes. `run` then returns.
    public func stop() async {
        await running.group?.triggerGracefulShutdown()
    }

    func router() -> Router<ClassroomRequestContext> {
        let router = Router(context: ClassroomRequestContext.self)
        router.add(middleware: Safety(hosts: hosts))
        // Every address answers GET and HEAD alike (Safety drops HEAD's body).
        func get(_ path: RouterPath, _ handler: @escaping @Sendable (Request, ClassroomRequestContext) async throws -> Response) {
            router.get(path, use: handler)
            router.head(path, use: handler)
        }
        get("/") { _, _ in try await page("index.html") }
        get("/present/:number") { _, context in
            // The presenter is the chapter page in presenting mode: `/present/3` -> chapter 3's page.
            // A chapter is named as `tutor run` names it (3, chapter3, softmax), percent-encoded or not.
            let raw = context.parameters.get("number") ?? ""
            let text = raw.removingPercentEncoding ?? raw
            guard let name = book.pageNames.first(where: { ChapterDirectory.name(text, meansPage: $0) }) else {
                throw HTTPError(.notFound, message: "There is no such chapter to present: name it by its number (/present/3) or its name (/present/softmax).")
            }
            return Response(status: .found, headers: [.location: "/\(name)?present"])
        }
        get("/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(string: LiveStyle.css)))
        }
        get("/live.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(string: LiveScript.source)))
        }
        get("/images/:name") { _, context in
            guard let name = context.parameters.get("name"), let data = book.images.get(name) else {
                // A chapter's own picture in a folder named `images` (`images/diagram.png`).
                let raw = "images/" + (context.parameters.get("name") ?? "")
                let path = raw.removingPercentEncoding ?? raw
                if book.chapterFile(path) != nil { return try await chapterFile(path) }
                throw HTTPError(.notFound, message: "No such picture: pictures of a reader's values are kept a while, then drawn again with their cell.")
            }
            return Response(status: .ok, headers: [.contentType: "image/x-portable-graymap", .contentDisposition: "inline"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        // A chapter's own picture deeper in a folder named `images` (`images/figures/a.png`).
        get("/images/**") { _, context in
            let raw = (["images"] + context.parameters.getCatchAll().map(String.init)).joined(separator: "/")
            return try await chapterFile(raw.removingPercentEncoding ?? raw)
        }
        // Browsers ask for it unbidden; the book has none.
        get("/favicon.ico") { _, _ in Response(status: .noContent) }
        // The cell API answers the book's own pages only (`HostCheck`).
        get("/api/events") { request, context in
            if let refusal = hosts.crossSiteRefusal(of: request) { throw refusal }
            return events(presence: await context.readerPresence())
        }
        get("/api/run/:page") { request, context in
            if let refusal = hosts.crossSiteRefusal(of: request) { throw refusal }
            return try runCells(request, page: Self.pageName(context), presence: await context.readerPresence())
        }
        get("/:page") { _, context in
            let name = Self.pageName(context)
            return book.chapterFile(name) != nil ? try await chapterFile(name) : try await page(name)
        }
        // A file in a folder of the chapters' (`figures/network.png`); nothing else is that deep.
        // (Under the page's own parameter: the router tries one route per first component.)
        get("/:page/**") { _, context in
            let raw = ([context.parameters.get("page") ?? ""] + context.parameters.getCatchAll().map(String.init)).joined(separator: "/")
            return try await chapterFile(raw.removingPercentEncoding ?? raw)
        }
        return router
    }

    /// A picture a chapter shows, or a file it links, from the chapters folder, looked up by its exact path
    /// among those the chapters link (`ChapterFiles`), so no request names any other file.
    private func chapterFile(_ path: String) async throws -> Response {
        let book = self.book
        guard let file = book.chapterFile(path) else {
            throw HTTPError(.notFound, message: NoPage.message("/" + path))
        }
        // Checked as `tutor build` checks it, now (the folder may have changed), and read on a
        // thread of its own: only a regular file inside the chapters folder, links followed, of
        // at most `ChapterFiles.largestFile` bytes.
        let (chapters, shown) = (options.chapters, options.chaptersDisplayPath + "/" + path)
        let read: Result<Data, HTTPError> = await ComputeThread.run {
            // Why, to the terminal's `tutor check`, not to any reader: the reason may name a path outside the book.
            if ChapterFiles.problem(with: file, shown: shown, chaptersFolder: chapters) != nil {
                return .failure(HTTPError(.notFound, message: "The file \(Excerpt.of(path)) a chapter shows or links cannot be served: "
                                          + "`tutor check` says why."))
            }
            // Read as checked, on the open file: a link swapped in since the check is not followed out.
            guard let data = ChapterFiles.read(file, chaptersFolder: chapters) else {
                return .failure(HTTPError(.notFound, message: "The file \(Excerpt.of(path)) a chapter shows or links cannot be read."))
            }
            return .success(data)
        }
        let data = try read.get()
        return Response(status: .ok, headers: [.contentType: ChapterFiles.mediaType(of: path), .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The page a request names, %-escapes decoded: the contents link a chapter file whose name
    /// holds a space as `07-a%20b.html`. Only ever looked up by exact name among the pages, so a
    /// decoded `/` or `..` names nothing.
    static func pageName(_ context: ClassroomRequestContext) -> String {
        let raw = context.parameters.get("page") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    private func page(_ name: String) async throws -> Response {
        // Drawing a page reads the cache: done on a thread of its own, off the server's few.
        let book = self.book
        let html: String? = name.hasSuffix(".html") ? await ComputeThread.run { book.html(of: name) } : nil
        guard let html else {
            throw HTTPError(.notFound, message: NoPage.message("/" + name))
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `/api/run/PAGE?from=N&CELL.NAME=VALUE...`: checks every value first (400 with each problem
    /// at its control), then streams the run as server-sent events.
    private func runCells(_ request: Request, page name: String, presence: ReaderPresence) throws -> Response {
        guard case .live(let live, _)? = book.page(named: name) else {
            throw HTTPError(.notFound, message: "There is no chapter page \(Excerpt.of(name)) that loads.")
        }
        guard let pairs = QueryEncoding.pairs(request.uri.query ?? "") else {
            throw HTTPError(.badRequest, message: "The address holds a broken %-escape or bytes that are not UTF-8.")
        }
        let overrides: CellOverrides
        do {
            overrides = try CellOverrides.parse(pairs, reserved: ["from"])
        } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
        // The values first: a cell that is not the chapter's is the resolver's to name
        // ("chapter 1 has 5 cells, not 99"), and then `from`, which defaults to the first cell given.
        let cells: [ResolvedCell]
        switch live.resolve(overrides) {
        case .success(let resolved): cells = resolved
        case .failure(let problems): return Self.json(status: .badRequest, ["message": problems.all.map(\.message).joined(separator: "\n"),
                                                                            "problems": problems.all.map(Self.fields)])
        }
        // At most one: `CellOverrides.parse` refuses a name given twice.
        let fromText = pairs.first { $0.name == "from" }?.value
        let from = fromText.map { Int($0) } ?? overrides.firstCell ?? 1
        guard let from, (1...max(1, live.cells.count)).contains(from) else {
            let written = Excerpt.of(fromText ?? "")
            let why = from == nil ? "from=\(written) is not a cell number: give one from 1 to \(max(1, live.cells.count))"
                : "from=\(written) is not a cell of this chapter: " + live.noSuchCell(written)
            throw HTTPError(.badRequest, message: why)
        }
        let stream = CellRunStream(live: live, cells: cells, from: from, book: book, long: long, quick: quick, hub: hub)
        return Self.eventStream(presence: presence) { send in await stream.run(send: send) }
    }

    /// `/api/events`: the book's changes, for as long as the page is open (a comment every 15 s
    /// keeps proxies from closing it).
    private func events(presence: ReaderPresence) -> Response {
        let events = hub.listen()
        return Self.eventStream(presence: presence) { send in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(15))
                        if !send(nil) { return }
                    }
                }
                for await event in events { if !send(event) { break } }
                group.cancelAll()
            }
        }
    }

    /// A response of server-sent events: `produce` sends them (nil sends a keep-alive comment)
    /// and learns from `send`'s answer when the reader has gone. It learns it as soon as they go
    /// (`presence`), not at the next write: its task is cancelled, which takes a run waiting in
    /// line out of it, and `send` answers false, so nothing more is computed for them.
    static func eventStream(presence: ReaderPresence,
                            _ produce: @escaping @Sendable (@escaping @Sendable (ServerEvent?) -> Bool) async -> Void) -> Response {
        let body = ResponseBody { writer in
            // A reader who sent the request and left at once is not run for at all.
            guard !presence.isGone else { return try await writer.finish(nil) }
            // Bounded: a reader who does not read gets the latest progress only, and is dropped
            // when too far behind on the rest (`EventQueue`).
            let queue = EventQueue()
            let producer = Task {
                await produce { event in
                    guard let event else { return queue.push(": keep-alive\n\n", replaces: "keep-alive") }
                    return queue.push(event.text, replaces: event.replaces)
                }
                queue.finish()
            }
            let ticket = presence.whenGone {
                queue.finish(dropping: true)
                producer.cancel()
            }
            defer { presence.forget(ticket) }
            while let text = await queue.next() {
                do {
                    try await writer.write(ByteBuffer(string: text))
                } catch {
                    queue.finish(dropping: true)
                    producer.cancel()
                    throw error
                }
            }
            // Fell too far behind: the producer learnt it from `push`; the stream ends here.
            producer.cancel()
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    static func json(status: HTTPResponse.Status, _ fields: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func fields(_ problem: LiveChapter.Problem) -> [String: Any] {
        var fields: [String: Any] = ["cell": problem.cell, "message": problem.message]
        if let parameter = problem.parameter { fields["parameter"] = parameter }
        return fields
    }
}

/// The service group `Classroom.run` started, once it has.
final class RunningGroup: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ServiceGroup?
    func set(_ group: ServiceGroup) { lock.lock(); value = group; lock.unlock() }
    var group: ServiceGroup? { lock.lock(); defer { lock.unlock() }; return value }
}
