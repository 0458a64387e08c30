import Foundation
import Testing

/// The tool behind the EmbedSources plugin, run as the plugin runs it. Skipped when the binary
/// has not been built next to the tests (`swift test` builds it).
@Suite(.enabled(if: EmbedTool.binary != nil, "EmbedSourcesTool is not built next to the tests"))
struct EmbedSourcesToolTests {
    /// What one run of the tool left: its exit status, its error stream, the generated file.
    struct Run {
        var status: Int32
        var stderr: String
        var swift: String

        /// The value of `"key": "value",` in the generated step fingerprints.
        func stepFingerprint(_ key: String) -> String? {
            guard let table = swift.range(of: "static let stepFingerprints") else { return nil }
            let rest = swift[table.upperBound...]
            guard let line = rest.split(separator: "\n").first(where: { $0.contains("\"\(key)\":") }) else { return nil }
            return line.split(separator: "\"").dropLast().last.map(String.init)
        }

        /// The step list, one `Lessons.name` per element.
        var steps: [String] {
            guard let start = swift.range(of: "static let steps: [StepDefinition] = [\n") else { return [] }
            let body = swift[start.upperBound...].prefix { $0 != "]" }
            return body.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " ,")) }.filter { !$0.isEmpty }
        }
    }

    func run(_ files: [(flag: String, key: String, text: String)], stepsOf: String? = nil, in scratch: ScratchDirectory) throws -> Run {
        let output = scratch.url.appendingPathComponent("EmbeddedSources.swift")
        try? FileManager.default.removeItem(at: output)
        var arguments = ["--output", output.path, "--root", scratch.url.path]
        if let stepsOf { arguments += ["--steps-of", stepsOf] }
        for (n, file) in files.enumerated() {
            let url = try scratch.write("input-\(n).swift", file.text)
            arguments += [file.flag, file.key, url.path]
        }
        let process = Process()
        process.executableURL = EmbedTool.binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let swift = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return Run(status: process.terminationStatus, stderr: stderr, swift: swift)
    }

    func generate(_ files: [(flag: String, key: String, text: String)], in scratch: ScratchDirectory) throws -> String {
        let result = try run(files, in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        return result.swift
    }

    @Test func embedsFilesAsExactStringLiterals() throws {
        let scratch = try ScratchDirectory()
        let swift = try generate([("--embed", "Lessons/A.swift", "let a = \"q\\\\\"\n\t#\"raw\"#\n")], in: scratch)
        #expect(swift.contains(##""Lessons/A.swift": "let a = \"q\\\\\"\n\t#\"raw\"#\n","##))
        #expect(swift.contains("enum EmbeddedSources {"))
    }

    @Test func fingerprintsEmbeddedAndHashedFilesDeterministically() throws {
        let scratch = try ScratchDirectory()
        func fingerprint(_ cnn: String) throws -> String {
            let swift = try generate([("--embed", "Lessons/A.swift", "a"), ("--hash", "CNN/B.swift", cnn)], in: scratch)
            let line = try #require(swift.split(separator: "\n").first { $0.contains("static let fingerprint") })
            #expect(!swift.contains("CNN/B.swift"), "hashed files are not embedded")
            return String(line)
        }
        let first = try fingerprint("b")
        #expect(try fingerprint("b") == first)
        #expect(try fingerprint("b2") != first)
    }

    @Test func writesAnEmptyTableForATargetWithNoFiles() throws {
        let scratch = try ScratchDirectory()
        #expect(try generate([], in: scratch).contains("static let files: [String: String] = [\n        :\n    ]"))
    }

    // MARK: - The step list

    static func stepFile(_ name: String, body: String = "cell.show(.text(\"hi\"))", extra: String = "") -> String {
        """
        import Book
        import CNN

        extension Lessons {
            /// The step \(name).
            static let \(name) = StepDefinition(
                "\(name)",
                summary: "a summary with a brace { and a \\(interpolated) \\\"quote\\\"",
                parameters: [.integer("n", default: 1, in: 1...3, help: "}")]
            ) { cell in
                \(body)
            }
        }
        \(extra)
        """
    }

    static let helpers = """
        import CNN

        /// Shared helpers: `static let fake = StepDefinition(` in a comment declares nothing.
        enum Helpers {
            static let text = "static let alsoFake = StepDefinition("
            static func double(_ x: Int) -> Int { 2 * x }
        }
        """

    // MARK: - The helpers a step calls

    @Test func listsTheHelpersAStepCallsThroughTheCoursesOwnHelpersIntoALibrary() throws {
        let scratch = try ScratchDirectory()
        let runs = """
            import CNN

            enum Runs {
                /// Trains and shows the log.
                static func train(_ model: inout Model) {
                    model.fit(epochs: 5)
                }

                private static func hidden() {}
                static func unused() {}
            }
            """
        let library = """
            extension Model {
                /// The training loop.
                public mutating func fit(epochs: Int) {
                    for epoch in 0..<epochs { step(epoch) }
                }
                func step(_ epoch: Int) {}
            }
            """
        let runner = "public struct StepDefinition {\n    func show(_ x: Int) {}\n}\n"
        let result = try run([("--embed", "Lessons/A.swift", Self.stepFile("first", body: "Runs.train(&model); cell.show(1)")),
                              ("--embed", "Lessons/Runs.swift", runs),
                              ("--hash", "CNN/Training.swift", library), ("--hash", "Book/StepDefinition.swift", runner)],
                             stepsOf: "Lessons", in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        let table = try #require(result.swift.range(of: "static let stepHelpers")).upperBound
        let helpers = result.swift[table...].split(separator: "\n").dropFirst().prefix { $0 != "    ]" }.filter { $0.contains("StepHelper(") }
        // The step's call, then what that helper calls; a library function is not followed
        // further (`step`), the runner (`show`) is never a helper, nor is an uncalled or private one.
        #expect(helpers.map { $0.split(separator: "\"")[1] } == ["Runs.train", "Model.fit"])
        // Named by their paths from the root too (the package's folder, for messages and pages).
        #expect(helpers[0].contains("fileID: \"Lessons/Runs.swift\", path: \"input-1.swift\", line: 4, source: \"    /// Trains and shows the log.\\n    static func train(_ model: inout Model) {\\n        model.fit(epochs: 5)\\n    }\""))
        #expect(helpers[1].contains("fileID: \"CNN/Training.swift\", path: \"input-2.swift\", line: 2,"))
        #expect(result.swift.contains("\"Lessons/A.swift\": \"input-0.swift\",") && result.swift.contains("sourcePaths: EmbeddedSources.paths"))
        #expect(result.swift.contains("stepHelpers: EmbeddedSources.stepHelpers"))
    }

    @Test func listsEveryStepDeclaredInAnExtensionByFileThenLine() throws {
        let scratch = try ScratchDirectory()
        let two = Self.stepFile("second") + "\nextension Lessons {\n    static let third = StepDefinition(\"third\", summary: \"\") { _ in }\n}\n"
        let result = try run([("--embed", "Lessons/B.swift", two), ("--embed", "Lessons/A.swift", Self.stepFile("first")),
                              ("--embed", "Lessons/Helpers.swift", Self.helpers)], stepsOf: "Lessons", in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.steps == ["Lessons.first", "Lessons.second", "Lessons.third"])
        #expect(result.swift.contains("public static let registry = StepRegistry(\n        steps: EmbeddedSources.steps,"))
        #expect(result.swift.contains("import Book"))
    }

    @Test func refusesAStepDefinitionOutsideTheExtensionWithItsLocation() throws {
        let scratch = try ScratchDirectory()
        let loose = "import Book\n\nenum Elsewhere {\n    static let lost = StepDefinition(\"lost\", summary: \"\") { _ in }\n}\n"
        let result = try run([("--embed", "Lessons/A.swift", Self.stepFile("first")), ("--embed", "Lessons/Lost.swift", loose)],
                             stepsOf: "Lessons", in: scratch)
        #expect(result.status == 1)
        let path = scratch.url.appendingPathComponent("input-1.swift").path
        #expect(result.stderr.contains("\(path):4:23: error: a step must be declared as `static let NAME = StepDefinition(` directly inside `extension Lessons {`"),
                "\(result.stderr)")
    }

    // MARK: - What each step can reach

    /// The per-step fingerprints for a small target: steps a and b, helpers, one library file.
    func stepFingerprints(a: String = stepFile("a"), b: String = stepFile("b"), helpers: String = helpers,
                          library: String = "public struct Tensor {}", in scratch: ScratchDirectory) throws -> [String: String] {
        let result = try run([("--embed", "Lessons/A.swift", a), ("--embed", "Lessons/B.swift", b),
                              ("--embed", "Lessons/Helpers.swift", helpers), ("--hash", "CNN/Tensor.swift", library)],
                             stepsOf: "Lessons", in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        var table: [String: String] = [:]
        for key in ["Lessons/A.swift", "Lessons/B.swift", "Lessons/Helpers.swift"] { table[key] = result.stepFingerprint(key) }
        return table
    }

    @Test func editingOneStepFileChangesOnlyItsOwnFingerprint() throws {
        let scratch = try ScratchDirectory()
        let before = try stepFingerprints(in: scratch)
        #expect(before["Lessons/A.swift"] != nil && before["Lessons/B.swift"] != nil)
        #expect(before["Lessons/Helpers.swift"] == nil, "a file without steps has no fingerprint of its own")
        #expect(before["Lessons/A.swift"] != before["Lessons/B.swift"])
        let edited = try stepFingerprints(a: Self.stepFile("a", body: "cell.show(.text(\"bye\"))"), in: scratch)
        #expect(edited["Lessons/A.swift"] != before["Lessons/A.swift"])
        #expect(edited["Lessons/B.swift"] == before["Lessons/B.swift"])
    }

    @Test func editingAHelperOrTheLibraryChangesEveryStepsFingerprint() throws {
        let scratch = try ScratchDirectory()
        let before = try stepFingerprints(in: scratch)
        for after in [try stepFingerprints(helpers: Self.helpers + "\nlet more = 1\n", in: scratch),
                      try stepFingerprints(library: "public struct Tensor { var x = 0 }", in: scratch)] {
            #expect(after["Lessons/A.swift"] != before["Lessons/A.swift"])
            #expect(after["Lessons/B.swift"] != before["Lessons/B.swift"])
        }
    }

    @Test func aStepThatNamesAnotherStepReachesItsFile() throws {
        let scratch = try ScratchDirectory()
        // b runs a in code (inside a string interpolation, even): it depends on a's file.
        let usesA = Self.stepFile("b", body: "cell.show(.text(\"\\(Lessons.a.name)\"))")
        // c names a only in a comment and in string text: that reaches nothing.
        let mentionsA = Self.stepFile("b", body: "// Lessons.a\n cell.show(.text(\"a Lessons.a\"))")
        for (b, reaches) in [(usesA, true), (mentionsA, false)] {
            let before = try stepFingerprints(b: b, in: scratch)
            let after = try stepFingerprints(a: Self.stepFile("a", body: "cell.show(.text(\"bye\"))"), b: b, in: scratch)
            #expect((after["Lessons/B.swift"] != before["Lessons/B.swift"]) == reaches)
        }
    }

    @Test func aStepFileThatAlsoDeclaresAHelperIsSharedByEveryStep() throws {
        let scratch = try ScratchDirectory()
        let withHelper = { (value: Int) in Self.stepFile("a", extra: "func helper() -> Int { \(value) }\n") }
        let before = try stepFingerprints(a: withHelper(1), in: scratch)
        let after = try stepFingerprints(a: withHelper(2), in: scratch)
        #expect(after["Lessons/A.swift"] != before["Lessons/A.swift"])
        #expect(after["Lessons/B.swift"] != before["Lessons/B.swift"], "b may call a's helper")
    }

    @Test func namingTheRegistryReachesEveryStep() throws {
        let scratch = try ScratchDirectory()
        let b = Self.stepFile("b", body: "cell.show(.text(\"\\(Lessons.registry.steps.count)\"))")
        let before = try stepFingerprints(b: b, in: scratch)
        let after = try stepFingerprints(a: Self.stepFile("a", body: "cell.show(.text(\"bye\"))"), b: b, in: scratch)
        #expect(after["Lessons/B.swift"] != before["Lessons/B.swift"])
    }
}

enum EmbedTool {
    static let binary: URL? = {
        let candidate = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("EmbedSourcesTool")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()
}
