import NIOCore
import NIOHTTP1

/// Makes the name in an absolute address (`GET http://name:port/page HTTP/1.1`) the request's
/// Host, so that `HostCheck` judges the server the request asks for.
///
/// RFC 9112 §3.2.2: a server given an absolute address must ignore the Host header and use the
/// address's own. Hummingbird's HTTP/1 conversion keeps only the address's path and takes the
/// name from Host, so by the time a request reaches the router its real target is gone. This
/// handler works before that conversion, on the request head as NIO decoded it. (A browser
/// never sends an absolute address to a server, only to a proxy; the rule matters to a crafted
/// request, which would otherwise get the book under a name this server does not answer to.)
final class AbsoluteFormHost: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard case .head(var head) = part else { return context.fireChannelRead(data) }
        if let authority = Self.authority(ofAbsoluteAddress: head.uri) {
            head.headers.replaceOrAdd(name: "Host", value: authority)
        }
        // An HTTP/1.0 request that does not ask to keep the connection ends it (RFC 9112 §9.3), as
        // one saying `Connection: close` does; the conversion after this drops the version, so
        // the request says so in words Hummingbird and `Safety` read.
        if !head.isKeepAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// The authority of an address in absolute form, `scheme://[user@]authority[/path]`, without
    /// its user; nil for any other form (`/page`, `*`).
    static func authority(ofAbsoluteAddress address: String) -> String? {
        guard let separator = address.range(of: "://") else { return nil }
        let scheme = address[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let rest = address[separator.upperBound...]
        let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        let authority = rest[..<end]
        return String(authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority)
    }

    /// Put in the pipeline by Hummingbird after its conversion (`additionalChannelHandlers`), it
    /// places an `AbsoluteFormHost` and a `CloseAfterResponse` just after NIO's request decoder,
    /// before the conversion, where requests and responses still carry their HTTP/1 heads.
    final class Installer: ChannelInboundHandler, RemovableChannelHandler, Sendable {
        typealias InboundIn = NIOAny

        func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            if let decoder = try? pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self) {
                try? pipeline.addHandler(AbsoluteFormHost(), position: .after(decoder.handler))
                try? pipeline.addHandler(CloseAfterResponse(), position: .after(decoder.handler))
                try? pipeline.addHandler(UnreadableRequestAnswer(), position: .after(decoder.handler))
            }
        }
    }
}

/// Closes the connection once a response that says `Connection: close` is written: `Safety` says
/// it on every error and whenever the request asked for it (or was HTTP/1.0 without keep-alive),
/// and Hummingbird by itself keeps the connection open after such a response unless the request
/// said `close`: a client reading to the end of the connection would wait for ever.
final class CloseAfterResponse: ChannelOutboundHandler, RemovableChannelHandler, @unchecked Sendable {  // state on the channel's event loop only
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var closing = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            closing = head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closing else { return context.write(data, promise: promise) }
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in context.close(promise: nil) }
            written.futureResult.cascade(to: promise)
            context.write(data, promise: written)
        }
    }
}

/// Answers a request NIO cannot read as HTTP/1 (`GARBAGE`, a NUL in the address, a 200 KB header,
/// `HTTP/9.9`) with a 400 that says so in words, then closes the connection: Hummingbird's own
/// answer to those is a 400 with an empty body, and every refusal of this server explains itself.
/// The error goes no further, so nothing else answers it a second time.
final class UnreadableRequestAnswer: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        let text = "This request cannot be read as HTTP/1.1 (\(Self.reason(error))): this server serves a book to browsers.\n"
        var head = HTTPResponseHead(version: .http1_1, status: .badRequest)
        head.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        head.headers.add(name: "Content-Length", value: String(text.utf8.count))
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "X-Content-Type-Options", value: "nosniff")
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    /// What was wrong, in words.
    static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .headerOverflow: return "its header is too large"
        case .invalidVersion: return "it names no HTTP version this server speaks"
        case .invalidMethod: return "its method is not one"
        case .invalidURL: return "its address holds a character an address may not"
        case .invalidHeaderToken, .invalidConstant, .lfExpected, .strictModeAssertion, .invalidCharactersUsed: return "a line of it is not HTTP"
        case .invalidContentLength, .unexpectedContentLength: return "its Content-Length is not one number"
        default: return "it is not HTTP"
        }
    }
}
