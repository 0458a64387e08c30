import Book
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
///
/// An absolute address of another scheme (`ftp://localhost/`, `https://…` to this plain HTTP
/// server) asks for something this server is not, and is refused with a 400, not answered as
/// its path.
final class AbsoluteFormHost: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// The rest of a refused request (its body, its end) is dropped: the connection is closing.
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard !refused else { return }
        guard case .head(var head) = part else { return context.fireChannelRead(data) }
        if let (scheme, authority) = Self.schemeAndAuthority(ofAbsoluteAddress: head.uri) {
            guard scheme.lowercased() == "http" else {
                refused = true
                return UnreadableRequestAnswer.refuse(context, "This server serves its book over http; the address \(Excerpt.of(head.uri)) asks for \(Excerpt.of(scheme)).")
            }
            head.headers.replaceOrAdd(name: "Host", value: authority)
        }
        // An HTTP/1.0 request that does not ask to keep the connection ends it (RFC 9112 §9.3), as
        // one saying `Connection: close` does; the conversion after this drops the version, so
        // the request says so in words Hummingbird and `Safety` read.
        if !head.isKeepAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// The scheme and the authority of an address in absolute form, `scheme://[user@]authority[/path]`,
    /// the authority without its user; nil for any other form (`/page`, `*`).
    static func schemeAndAuthority(ofAbsoluteAddress address: String) -> (scheme: String, authority: String)? {
        guard let separator = address.range(of: "://") else { return nil }
        let scheme = address[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let rest = address[separator.upperBound...]
        let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        let authority = rest[..<end]
        return (String(scheme), String(authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority))
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
