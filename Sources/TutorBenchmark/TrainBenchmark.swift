import ArgumentParser
import CNN
import Foundation

/// `tutor-benchmark train`: times the default training run and reports accuracy and peak memory.
///
/// The run is exactly `tutor train`'s default: the reference model, 5 epochs of Adam, batches of 64,
/// 48,000 training and 12,000 validation images, raw pixels, seed 1. The wall time covers `fit`
/// (training and validation); loading the files is timed apart.
///
/// Measured 2026-11-25 on the project's machine (2 cores of an AMD EPYC, AVX-512), release build,
/// nothing else running: wall time best 0.67 s, median 0.76 s (CPU 1.1-1.2 s), peak RSS 85 MB;
/// accuracy 0.9754, val_accuracy 0.9619, test 0.9602 (with --normalize: 0.9603, 0.9595, 0.9585).
/// For scale: PyTorch 6.1 s, Keras 16-24 s, numpy 14.9 s; the arithmetic alone (70 GFLOP) needs
/// about 0.35 s. Where the time goes (perf, % of CPU): Conv2D forward 16 and backward 14 (plus 6
/// repeating inputs and widening rows), Dense backward 12 and forward 9, thread hand-offs 8, ReLU 7,
/// image conversion and loss 6, the serial Adam step and gradient sum 5. With other work on the
/// machine, times vary by 30%.
///
/// Measured 2026-12-01 on 2 cores of an Intel Xeon (KVM, AVX-512 with avx512_fp16), shared with
/// other builds (load average 13-16, so wall times were 3-8 times the CPU times and are not
/// comparable): `tutor train --json`, whole process, CPU time and peak RSS, before -> after the
/// kernels were tiled in `VectorTile`s of six sums: x86-64-v3 (AVX2) build 4.0 -> 3.5 s CPU,
/// AVX-512 build 3.3-3.5 -> 3.1-3.6 s CPU (no measurable change), 92 MB both. Per kernel
/// (`TutorBenchmark kernels`, ns per image, best of 2000), AVX2 before -> after: Conv2D forward
/// 2246 -> 2104, backward 2254 -> 1821, ReLU 626 + 839 -> 320 + 387, Dense forward 1568 -> 1608,
/// backward 3799 -> 2661 (all kernels 11.4 -> 9.0 µs); AVX-512: 6.8 -> 7.0 µs (Conv2D and ReLU
/// faster, Dense slower with 6 sums in flight instead of 16). numpy (scripts/numpy_reference.py,
/// one BLAS thread) took 21.6 s of CPU for the same 5 epochs: 6-7 times tutor's CPU time.
/// The kernels' peak here is about 2.9 16-float multiply-adds per ns per core (AVX-512), so the
/// 129,000 multiply-adds per training image need at least 0.7 s of CPU for the 5 epochs.
struct TrainBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time the default training run (5 epochs, 48,000 + 12,000 images) and report peak memory."
    )

    @Option(help: "The MNIST directory (default: $TUTOR_DATA, then data/mnist).")
    var data: String?

    @Option(help: "How many times to train; the best and median wall times are reported.")
    var runs = 3

    @Option(help: "Epochs per run.")
    var epochs = 5

    @Flag(help: "Divide pixels by 255.")
    var normalize = false

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
        guard epochs > 0 else { throw ValidationError("--epochs must be at least 1") }
    }

    func run() throws {
        print(VectorTarget.description)
        let directory = DataLocation.resolve(option: data)
        let clock = ContinuousClock()
        var train: MNIST!, test: MNIST!
        let loading = try clock.measure {
            (train, test) = try MNIST.trainingAndTest(in: directory, normalize: normalize)
        }
        print("loaded \(train.count) + \(test.count) images from \(directory.path) in \(format(loading.seconds)) s (gzip: \(MNIST.inflater))")

        var times: [Double] = []
        for run in 1...runs {
            var model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: 1)
            var history = History()
            let cpuBefore = cpuSeconds()
            let elapsed = clock.measure {
                history = model.fit(train, epochs: epochs, batchSize: 64, validationSplit: 0.2, seed: 1)
            }
            let cpu = cpuSeconds() - cpuBefore
            times.append(elapsed.seconds)
            let last = history.epochs.last!
            let testAccuracy = model.evaluate(test).accuracy
            print("run \(run): \(format(elapsed.seconds)) s (CPU \(format(cpu)) s)  accuracy \(format(last.accuracy))"
                  + "  val_accuracy \(format(last.validationAccuracy ?? .nan))  test_accuracy \(format(testAccuracy))")
        }
        let sorted = times.sorted()
        print("wall time: best \(format(sorted.first!)) s, median \(format(sorted[sorted.count / 2])) s over \(runs) runs")
        let peak = peakResidentMegabytes()
        if let own = highWaterMarkMegabytes(), own + 5 < peak {
            // `swift run` execs this program, and ru_maxrss keeps the peak of the process image before exec.
            print("peak resident memory: \(own) MB (VmHWM; getrusage's ru_maxrss says \(peak) MB, counting `swift run` itself)")
        } else {
            print("peak resident memory: \(peak) MB")
        }
    }
}

/// User plus system CPU time of the process so far, all threads: with other work on the machine,
/// this moves less than the wall time.
private func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The process's peak resident set size (Linux reports ru_maxrss in kilobytes).
private func peakResidentMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}

/// This program's own peak resident set size from /proc/self/status (Linux), which, unlike
/// ru_maxrss, starts afresh at exec.
private func highWaterMarkMegabytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") else { return nil }
    return kilobytes / 1024
}

private func format(_ value: Double) -> String { String(format: "%.4f", value) }

private extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
