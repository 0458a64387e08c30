import Foundation
import Hummingbird
import NIOCore

/// Tells when the reader at the other end of a connection has gone: their side of it closed (a
/// page closed, a reader who stopped waiting) or the connection ended.
///
/// Without it a reader who leaves is noticed only when a write to them fails, and a run waiting
/// in line writes nothing until it moves up: an abandoned training would still take the one
/// long-run place and hold up everyone behind it. One watches every connection from its start
/// (`HTTP1Channel.Configuration.additionalChannelHandlers`), so a reader who leaves before their
/// request is handled is seen too. As Go's server does, a connection whose input ends counts as
/// the reader gone: a browser never half-closes a connection it still reads an answer from.
final class ReaderPresence: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {  // state guarded by `lock`
    typealias InboundIn = NIOAny

    private let lock = NSLock()
    private var gone: Bool
    private var watchers: [UInt64: @Sendable () -> Void] = [:]
    private var nextTicket: UInt64 = 0

    init(gone: Bool = false) {
        self.gone = gone
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { leave() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        leave()
        context.fireChannelInactive()
    }

    var isGone: Bool { lock.withLock { gone } }

    /// Calls `body` once, when the reader goes (at once if they have).
    /// - Returns: a ticket for `forget`, nil if `body` was called already.
    func whenGone(_ body: @escaping @Sendable () -> Void) -> UInt64? {
        lock.lock()
        guard !gone else {
            lock.unlock()
            body()
            return nil
        }
        nextTicket += 1
        watchers[nextTicket] = body
        lock.unlock()
        return nextTicket
    }

    func forget(_ ticket: UInt64?) {
        guard let ticket else { return }
        lock.withLock { _ = watchers.removeValue(forKey: ticket) }
    }

    private func leave() {
        lock.lock()
        gone = true
        let called = watchers.values
        watchers = [:]
        lock.unlock()
        for body in called { body() }
    }
}

/// A request's context: Hummingbird's, and the connection it came on, to learn when its reader goes.
struct ClassroomRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The connection's `ReaderPresence`. Every connection has one from its start, and loses it
    /// only when it closes: then the reader has gone already.
    func readerPresence() async -> ReaderPresence {
        (try? await channel.pipeline.handler(type: ReaderPresence.self).get()) ?? ReaderPresence(gone: true)
    }
}
