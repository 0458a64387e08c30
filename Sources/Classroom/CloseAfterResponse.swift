import NIOCore
import NIOHTTP1

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
