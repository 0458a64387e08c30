import Foundation

/// Writes `EmbeddedSources.swift`: the text of the given files as Swift string literals, keyed
/// like `#fileID`; fingerprints of those files and of the other (hashed-only) files; and, with
/// `--steps-of TYPE`, the list of every step the embedded files declare in `extension TYPE` and
/// `TYPE.registry`, the registry made of them.
///
///     EmbedSourcesTool --output OUT.swift [--steps-of TYPE] [--root DIR] [--embed KEY PATH]... [--hash KEY PATH]...
///
/// With `--root`, each file is also named by its path from that folder (the package's), for
/// messages and pages: `paths`, and the `path` of each `StepHelper`.
///
/// The fingerprints are FNV-1a (64-bit): a fast, stable hash with no dependency, which is all a
/// cache key needs (it guards against mistakes, not attackers). `fingerprint` covers every file;
/// `stepFingerprints` covers, per file that declares steps, what its steps can reach (`StepReach`).
@main
struct EmbedSourcesTool {
    static func main() {
        do {
            let request = try Request(CommandLine.arguments.dropFirst())
            var embedded: [(key: String, text: String)] = []
            var reach: [StepReach.File] = []
            var helperFiles: [StepHelpers.File] = []
            var steps: [String] = []
            var problems: [String] = []
            var hash = FNV1a64()
            let paths = request.displayPaths
            for file in request.files.sorted(by: { $0.key < $1.key }) {
                let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ToolError(located: "\(file.path): error: not valid UTF-8")
                }
                var scan: StepScan?
                if file.embed {
                    embedded.append((file.key, text))
                    if let type = request.stepsOf {
                        let found = StepScan(text, extending: type)
                        steps += found.steps.map { "\(type).\($0.name)" }
                        problems += found.misplaced.map { token in
                            "\(file.path):\(token.line):\(token.column): error: a step must be declared as "
                                + "`static let NAME = StepDefinition(` directly inside `extension \(type) {`, or it is never registered"
                        }
                        scan = found
                    }
                }
                if request.stepsOf != nil {
                    helperFiles.append(StepHelpers.File(key: file.key, text: text, tokens: scan?.tokens ?? SwiftLexer.tokens(of: text),
                                                        isCourse: file.embed, declaresSteps: !(scan?.steps.isEmpty ?? true)))
                }
                let entry = StepReach.File(key: file.key, bytes: Array(data), scan: scan)
                hash.add(entry)
                reach.append(entry)
            }
            guard problems.isEmpty else { throw ToolError(located: problems.joined(separator: "\n")) }
            let texts = Dictionary(uniqueKeysWithValues: helperFiles.map { ($0.key, $0.text) })
            let helpers = StepHelpers.helpers(of: helperFiles).mapValues { declarations in
                declarations.map { (name: $0.name, fileID: $0.fileKey, path: paths[$0.fileKey] ?? $0.fileKey, line: $0.firstLine,
                                    source: StepHelpers.source(of: $0, in: texts[$0.fileKey]!)) }
            }
            // Only the embedded files' paths are listed (a step's file); a helper carries its own.
            let embeddedKeys = Set(embedded.map(\.key))
            let swift = generate(embedded, fingerprint: hash.hex, paths: paths.filter { embeddedKeys.contains($0.key) },
                                 steps: request.stepsOf.map { ($0, steps, StepReach.fingerprints(of: reach), helpers) })
            let output = URL(fileURLWithPath: request.output)
            // Rewriting an unchanged file would make the compiler rebuild the target for nothing.
            if (try? String(contentsOf: output, encoding: .utf8)) != swift {
                try swift.write(to: output, atomically: true, encoding: .utf8)
            }
        } catch let error as ToolError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        } catch {
            FileHandle.standardError.write(Data("EmbedSourcesTool: error: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The generated file. `steps` holds the step list (`Lessons.kernels`, ...) and the
    /// fingerprint of each step file, when the target declares steps.
    static func generate(_ files: [(key: String, text: String)], fingerprint: String, paths: [String: String] = [:],
                         steps: (type: String, names: [String], fingerprints: [String: String],
                                 helpers: [String: [(name: String, fileID: String, path: String, line: Int, source: String)]])? = nil) -> String {
        var out = """
            // Generated by the EmbedSources plugin from this target's own files: the source a page
            // shows is the source that was compiled, and the step list is every step declared. Do not edit.

            """
        if steps != nil { out += "import Book\n\n" }
        out += """
            enum EmbeddedSources {
                /// `#fileID` -> the file's text.
                static let files: [String: String] = [

            """
        for file in files {
            out += "        \(literal(file.key)): \(literal(file.text)),\n"
        }
        if files.isEmpty { out += "        :\n" }
        out += """
                ]
                /// FNV-1a 64 of this target's sources and those of the targets it depends on.
                static let fingerprint = "\(fingerprint)"
                /// `#fileID` -> the file's path from the package's folder (`--root`).
                static let paths: [String: String] = [

            """
        for key in paths.keys.sorted() { out += "        \(literal(key)): \(literal(paths[key]!)),\n" }
        if paths.isEmpty { out += "        :\n" }
        out += "    ]\n"
        if let steps {
            out += """
                    /// `#fileID` of each step file -> FNV-1a 64 of the sources its steps can reach: the file,
                    /// the step files it names, every other file of this target and of its dependencies.
                    static let stepFingerprints: [String: String] = [

                """
            for key in steps.fingerprints.keys.sorted() {
                out += "        \(literal(key)): \(literal(steps.fingerprints[key]!)),\n"
            }
            if steps.fingerprints.isEmpty { out += "        :\n" }
            out += """
                    ]
                    /// `#fileID` of each step file -> the functions its steps call (`StepHelpers`), with their source.
                    static let stepHelpers: [String: [StepHelper]] = [

                """
            for key in steps.helpers.keys.sorted() {
                out += "        \(literal(key)): [\n"
                for helper in steps.helpers[key]! {
                    out += "            StepHelper(name: \(literal(helper.name)), fileID: \(literal(helper.fileID)), path: \(literal(helper.path)), line: \(helper.line), source: \(literal(helper.source))),\n"
                }
                out += "        ],\n"
            }
            if steps.helpers.isEmpty { out += "        :\n" }
            out += """
                    ]
                    /// Every step declared as `static let NAME = StepDefinition(` in an extension, by file then line.
                    static let steps: [StepDefinition] = [

                """
            for name in steps.names { out += "        \(name),\n" }
            out += "    ]\n"
        }
        out += "}\n"
        if let type = steps?.type {
            // The registry is declared here, not in a hand-written file, so that only a file that
            // uses it names it (see `StepReach`: naming it reaches every step).
            out += """

                extension \(type) {
                    /// Every step, with its source and the fingerprint of what it can reach.
                    public static let \(StepReach.registryName) = StepRegistry(
                        steps: EmbeddedSources.steps,
                        sources: EmbeddedSources.files,
                        fingerprint: EmbeddedSources.fingerprint,
                        sourcePaths: EmbeddedSources.paths,
                        stepFingerprints: EmbeddedSources.stepFingerprints,
                        stepHelpers: EmbeddedSources.stepHelpers,
                        reservedNames: [\(StepReach.doorsToEveryStep.sorted().map(literal).joined(separator: ", "))]
                    )
                }

                """
        }
        return out
    }

    /// A Swift string literal holding `text` exactly.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

struct Request {
    struct File {
        var key: String
        var path: String
        var embed: Bool
    }

    var output: String
    /// The type whose extensions declare the steps (`Lessons`); nil for no step list.
    var stepsOf: String?
    /// The package's folder, from which `displayPaths` names the files.
    var root: String?
    var files: [File] = []

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        var output: String?
        while let flag = rest.popFirst() {
            switch flag {
            case "--output":
                guard let path = rest.popFirst() else { throw ToolError("--output needs a path") }
                output = path
            case "--root":
                guard let path = rest.popFirst() else { throw ToolError("--root needs a folder") }
                root = path
            case "--steps-of":
                guard let type = rest.popFirst() else { throw ToolError("--steps-of needs a type name") }
                stepsOf = type
            case "--embed", "--hash":
                guard let key = rest.popFirst(), let path = rest.popFirst() else { throw ToolError("\(flag) needs a key and a path") }
                files.append(File(key: key, path: path, embed: flag == "--embed"))
            default:
                throw ToolError("unknown argument '\(flag)'")
            }
        }
        guard let output else { throw ToolError("--output is required") }
        self.output = output
    }

    /// Each file's key -> its path from `root` ("Sources/Lessons/Convolution/Kernels.swift"), for
    /// the files under it; none without a root.
    var displayPaths: [String: String] {
        guard let root else { return [:] }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var paths: [String: String] = [:]
        for file in files where file.path.hasPrefix(prefix) { paths[file.key] = String(file.path.dropFirst(prefix.count)) }
        return paths
    }
}

/// FNV-1a, 64-bit: xor each byte in, multiply by the FNV prime.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// A message for the build log: `path:line:column: error: ...` where there is a place, so the
/// build points at it.
struct ToolError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = "EmbedSourcesTool: error: \(message)" }
    init(located: String) { description = located }
}
