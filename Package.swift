// swift-tools-version:6.1
import PackageDescription

// The numeric kernels are built for the machine that builds them (`-target-cpu native`), so
// SIMD fused multiply-adds become single instructions instead of calls to `fmaf`.
// `TUTOR_TARGET_CPU=x86-64-v3 swift build --scratch-path .build-v3 ...` builds them for another
// processor instead (x86-64-v3: AVX2 + FMA, what an AMD Zen 3 has): that is how an AVX-512 machine
// reproduces and measures the AVX2 code. The name is also passed down as a condition
// (TUTOR_TARGET_CPU_X86_64_V3), so benchmarks can say what they measured (`VectorTarget`).
// Results do not depend on the instruction set: the vector width is fixed (16 floats) and every
// kernel fixes its own summation order, so all targets train to the same history bit for bit.
// Runtime checks stay on (no unchecked optimisation mode): bad input must fail a precondition, never read out of bounds.
// swiftc's -target-cpu takes processor names, not the x86-64-v2/v3/v4 levels, so those three are
// given as the first processor of each level.
let targetCPU = Context.environment["TUTOR_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 } ?? "native"
let processorOfLevel = ["x86-64-v2": "nehalem", "x86-64-v3": "haswell", "x86-64-v4": "skylake-avx512"]
let targetCondition = "TUTOR_TARGET_CPU_" + String(targetCPU.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
let fastMath: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", processorOfLevel[targetCPU] ?? targetCPU]), .define(targetCondition),
]

// `TUTOR_WITHOUT_SERVE=1` leaves `tutor serve` out, with its HTTP server (Hummingbird, SwiftNIO):
// the AddressSanitizer build (scripts/sanitize) does, to keep CI within its time. ASan is there for
// the unsafe-pointer code (kernels, the gzip reader, the cmark bridge); the server's own code holds
// none, and its tests run in the release suite.
let withServe = Context.environment["TUTOR_WITHOUT_SERVE"] != "1"
let serveDefine: [SwiftSetting] = withServe ? [.define("TUTOR_SERVE")] : []

// The tests' own code is compiled without optimisation, in a release build too: it is glue around
// the libraries, which are optimised (a test's heavy work runs in them). Optimising the six test
// targets took about a minute of CI's two-core build, and saved none of the tests' run time.
let testCode: [SwiftSetting] = [.unsafeFlags(["-Onone"])]

let package = Package(
    name: "tutor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tutor", targets: ["tutor"]),
        .library(name: "CNN", targets: ["CNN"]),
        .library(name: "Book", targets: ["Book"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ] + (withServe ? [
        // `tutor serve`'s HTTP server. Its default traits (swift-configuration, full Foundation)
        // are not needed: the server is configured from the command line.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird's own network layer, for one channel handler (`ReaderPresence`).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ] : []),
    targets: [
        // System libraries, each imported by exactly one Swift file.
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Two processor hints Swift cannot spell: prefetch (training asks for the next batch's
        // images while it computes this one) and pause (the shard team's threads wait spinning).
        .target(name: "CProcessorHints"),

        // SHA-256 from OpenSSL: the one wrapper, for the MNIST checksums and the book's cache.
        .target(name: "Hashing", dependencies: ["COpenSSL"]),

        // The neural-network library: tensors, layers, losses, optimizers, MNIST.
        // Knows nothing of Markdown, HTML or terminals.
        .target(name: "CNN", dependencies: ["CZlib", "CProcessorHints", "Hashing"], swiftSettings: fastMath + [.unsafeFlags(["-Xcc", "-fno-math-errno"])]),

        // The chapter runner: Markdown chapters with tagged cells -> steps -> HTML/SVG/PGM, terminal.
        .target(name: "Book", dependencies: ["CCmarkGFM", "Hashing"]),

        // Random and mutated chapters and info strings, for the tests and `tutor-benchmark fuzz`:
        // kept out of Book's public API, which a course uses.
        .target(name: "BookFuzzing"),

        // The registered steps the chapters call; their source is shown on the page.
        .target(name: "Lessons", dependencies: ["CNN", "Book"], plugins: ["EmbedSources"]),

        // Embeds the Lessons sources into the binary so a page shows the code that really ran.
        .executableTarget(name: "EmbedSourcesTool"),
        .plugin(name: "EmbedSources", capability: .buildTool(), dependencies: ["EmbedSourcesTool"]),

        // The command line: argument parsing and calls into the libraries, nothing more.
        .executableTarget(name: "tutor", dependencies: [
            "CNN", "Book", "Lessons",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ] + (withServe ? ["Classroom"] : []), swiftSettings: serveDefine),

        // Benchmarks: run with `swift run -c release tutor-benchmark ...`.
        .executableTarget(name: "TutorBenchmark", dependencies: [
            "CNN", "Book", "BookFuzzing", "Lessons",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Fuzz targets: `scripts/fuzz` builds them with libFuzzer and AddressSanitizer (-DFUZZING);
        // a normal build makes replayers that run the files they are given through the same code.
        .executableTarget(name: "IDXFuzzer", dependencies: ["CNN"], path: "Fuzz/Targets/IDXFuzzer"),
        .executableTarget(name: "ChapterParseFuzzer", dependencies: ["Book"], path: "Fuzz/Targets/ChapterParseFuzzer"),

        .testTarget(name: "CNNTests", dependencies: ["CNN", "Hashing", "TutorTestSupport"], swiftSettings: testCode),
        .testTarget(name: "BookTests", dependencies: ["Book", "BookFuzzing", "Hashing"], resources: [.copy("Fixtures")], swiftSettings: testCode),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "Book", "CNN"], swiftSettings: testCode),
        // A second, tiny course (numerical integration) on the same runner: Book only, no CNN.
        .testTarget(name: "IntegrationCourseTests", dependencies: ["Book", "Hashing"], resources: [.copy("Resources")], swiftSettings: testCode),
        // End to end: runs the built `tutor` binary, including the bad-input suite.
        .testTarget(name: "TutorTests", dependencies: ["tutor", "TutorTestSupport"], swiftSettings: serveDefine + testCode),
        // Where the built binary and the repository are, for the suites that run `tutor`.
        .target(name: "TutorTestSupport", path: "Tests/TutorTestSupport", swiftSettings: testCode),
    ] + (withServe ? [
        // `tutor serve`: the book live in the browser, every parameter editable, for a class.
        // Knows nothing of CNNs: it serves whatever course its registry holds.
        .target(name: "Classroom", dependencies: [
            "Book", "Hashing",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // `tutor serve` started on a free loopback port and driven over HTTP.
        .testTarget(name: "ServeTests", dependencies: ["tutor", "TutorTestSupport", "Classroom", "Book", "Lessons", "CNN"], swiftSettings: testCode),
    ] : [])
)
