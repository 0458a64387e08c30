import ArgumentParser

/// Benchmarks for the figures the README reports. Always run them on a release build:
/// `swift run -c release TutorBenchmark train` (debug builds of numeric Swift are 10-50x slower).
@main
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor-benchmark",
        abstract: "Measure training speed, book building speed, and fuzz the cell parser.",
        subcommands: [TrainBenchmark.self, KernelBenchmark.self, TargetDescription.self, BookBenchmark.self, ExploreBenchmark.self, FuzzBenchmark.self,
                      ServeBenchmark.self]
    )
}
