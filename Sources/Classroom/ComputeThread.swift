import Foundation

/// Runs a step, or the drawing of a page, on a thread of its own.
///
/// Not on Swift's cooperative threads, where the HTTP server's tasks run (a step is plain
/// synchronous code that may compute for seconds), and not on Dispatch's shared pool either,
/// which grows slowly: a class of blocked work there would hold up every other use of it. The
/// waiting lines (`WaitingLine`) bound how many of these threads run at once.
enum ComputeThread {
    /// Room for deep recursion in a step (the Markdown and math renderers recurse on nesting).
    static let stackSize = 16 << 20

    static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = stackSize
        thread.name = "tutor-compute"
        thread.start()
    }

    static func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            start { continuation.resume(returning: body()) }
        }
    }
}
