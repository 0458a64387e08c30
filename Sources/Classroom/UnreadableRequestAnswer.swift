import Book
import NIOCore
import NIOHTTP1

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
        Self.refuse(context, "This request cannot be read as HTTP/1.1 (\(Self.reason(error))): this server serves a book to browsers.")
    }

    /// A 400 with `text`, written under the router (which never sees the request), then the
    /// connection closed. The headers are those `Safety` gives every answer of the router's.
    static func refuse(_ context: ChannelHandlerContext, _ text: String) {
        let body = text + "\n"
        var head = HTTPResponseHead(version: .http1_1, status: .badRequest)
        head.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        head.headers.add(name: "Content-Length", value: String(body.utf8.count))
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "Content-Security-Policy", value: LivePage.contentSecurityPolicy)
        head.headers.add(name: "X-Content-Type-Options", value: "nosniff")
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    /// What was wrong, in words.
    static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .headerOverflow: return "its header is too large"
        // llhttp says this too of a request line ending in a bare LF: both are named.
        case .invalidVersion: return "it names no HTTP version this server speaks, or its lines do not end with CR LF"
        case .invalidMethod: return "its method is not one"
        case .invalidURL: return "its address holds a character an address may not"
        case .invalidHeaderToken, .invalidConstant, .lfExpected, .strictModeAssertion, .invalidCharactersUsed: return "a line of it is not HTTP"
        case .invalidContentLength, .unexpectedContentLength: return "its Content-Length is not one number"
        default: return "it is not HTTP"
        }
    }
}
