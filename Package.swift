// swift-tools-version:6.0
import PackageDescription

// The numeric kernels are built for the machine that builds them (`-target-cpu native`), so
// SIMD fused multiply-adds become single instructions instead of calls to `fmaf`.
// Results do not depend on the instruction set: every kernel fixes its own summation order.
// Runtime checks stay on (no `-Ounchecked`): bad input must fail a precondition, never read out of bounds.
let fastMath: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]

let package = Package(
    name: "tutor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tutor", targets: ["tutor"]),
        .library(name: "CNN", targets: ["CNN"]),
        .library(name: "Book", targets: ["Book"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, each imported by exactly one Swift file.
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // The neural-network library: tensors, layers, losses, optimizers, MNIST.
        // Knows nothing of Markdown, HTML or terminals.
        .target(name: "CNN", dependencies: ["CZlib", "COpenSSL"], swiftSettings: fastMath + [.unsafeFlags(["-Xcc", "-fno-math-errno"])]),

        // The chapter runner: Markdown chapters with tagged cells -> steps -> HTML/SVG/PGM, terminal.
        .target(name: "Book", dependencies: ["CCmarkGFM", "COpenSSL"]),

        // The registered steps the chapters call; their source is shown on the page.
        .target(name: "Lessons", dependencies: ["CNN", "Book"], plugins: ["EmbedSources"]),

        // Embeds the Lessons sources into the binary so a page shows the code that really ran.
        .executableTarget(name: "EmbedSourcesTool"),
        .plugin(name: "EmbedSources", capability: .buildTool(), dependencies: ["EmbedSourcesTool"]),

        // The command line: argument parsing and calls into the libraries, nothing more.
        .executableTarget(name: "tutor", dependencies: [
            "CNN", "Book", "Lessons",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks: run with `swift run -c release tutor-benchmark ...`.
        .executableTarget(name: "TutorBenchmark", dependencies: [
            "CNN", "Book", "Lessons",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "CNNTests", dependencies: ["CNN"]),
        .testTarget(name: "BookTests", dependencies: ["Book"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "Book", "CNN"]),
        // A second, tiny course (numerical integration) on the same runner: Book only, no CNN.
        .testTarget(name: "IntegrationCourseTests", dependencies: ["Book"], resources: [.copy("Resources")]),
        // End to end: runs the built `tutor` binary, including the bad-input suite.
        .testTarget(name: "TutorTests", dependencies: ["tutor"]),
    ]
)
