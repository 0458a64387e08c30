#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` with subnormal floats flushed to zero, then restores the thread's mode.
///
/// Why: with raw 0-255 pixels the logits are large, softmax gives probabilities like 1e-40, and
/// these subnormal numbers then flow into the gradients and Adam's moments. x86 processors handle
/// each subnormal operand in microcode, about 100 times slower, which made training 2-3 times
/// slower. TensorFlow (so Keras) flushes them on its CPU threads too. The mode is per thread, so
/// every thread that computes sets it; x86's FTZ ("results") and DAZ ("inputs") bits, ARM's FZ bit.
func withSubnormalsFlushedToZero<R>(_ body: () throws -> R) rethrows -> R {
    var saved = fenv_t()
    fegetenv(&saved)
    var flushing = saved
    #if arch(x86_64) && os(Linux)
    flushing.__mxcsr |= 0x8040
    #elseif arch(arm64) && os(Linux)
    flushing.__fpcr |= 1 << 24
    #elseif arch(arm64) && canImport(Darwin)
    flushing.__fpcr |= 1 << 24
    #elseif arch(x86_64) && canImport(Darwin)
    flushing.__mxcsr |= 0x8040
    #endif
    fesetenv(&flushing)
    defer { fesetenv(&saved) }
    return try body()
}
