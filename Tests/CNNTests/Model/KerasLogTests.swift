@testable import CNN
import Testing

/// Keras' progress line: a step's time is never "0.0ms".
@Suite struct KerasLogTests {
    @Test func aStepsTimeIsInMillisecondsOrBelowATenthInMicroseconds() {
        let slow = KerasLog.line(batch: 750, of: 750, seconds: 0.9, metrics: [("accuracy", 0.87184)])
        #expect(slow == "750/750 ━━━━━━━━━━━━━━━━━━━━ 1s 1.2ms/step - accuracy: 0.8718", "\(slow)")
        // 750 steps in 22.5 ms: 30 µs a step (an exploration read "0.0ms/step" for the dense-only run).
        let fast = KerasLog.line(batch: 750, of: 750, seconds: 0.0225, metrics: [])
        #expect(fast.hasSuffix(" 0s 30us/step"), "\(fast)")
        #expect(KerasLog.line(batch: 0, of: 750, seconds: 0, metrics: []).hasSuffix(" 0s 0.0ms/step"))
    }
}
