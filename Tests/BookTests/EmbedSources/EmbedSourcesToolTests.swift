import Foundation
import Testing

/// The tool behind the EmbedSources plugin, run as the plugin runs it. Skipped when the binary
/// has not been built next to the tests (`swift test` builds it).
@Suite(.enabled(if: EmbedTool.binary != nil, "EmbedSourcesTool is not built next to the tests"))
struct EmbedSourcesToolTests {
    func generate(_ files: [(flag: String, key: String, text: String)], in scratch: ScratchDirectory) throws -> String {
        var arguments = ["--output", scratch.url.appendingPathComponent("EmbeddedSources.swift").path]
        for (n, file) in files.enumerated() {
            let url = try scratch.write("input-\(n).swift", file.text)
            arguments += [file.flag, file.key, url.path]
        }
        let process = Process()
        process.executableURL = EmbedTool.binary
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try String(contentsOf: scratch.url.appendingPathComponent("EmbeddedSources.swift"), encoding: .utf8)
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
            let line = swift.split(separator: "\n").first { $0.contains("static let fingerprint") }!
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
}

enum EmbedTool {
    static let binary: URL? = {
        let candidate = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("EmbedSourcesTool")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()
}
