import ArgumentParser
import Book
import Foundation
import Lessons

/// `tutor new`: starts something new for a course from a template.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a new piece of the course from a template.",
        subcommands: [NewStepCommand.self])
}

/// `tutor new step NAME`: writes `Sources/Lessons/<Group>/<Name>.swift`, a working step to edit,
/// and says how to build it and call it from a chapter. It never overwrites a file.
struct NewStepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Write a new step from a template: Sources/Lessons/<Group>/<Name>.swift.",
        discussion: """
            The step reads the sample digits, takes parameters, and shows a picture, a table, text \
            and a checked claim. It is registered by being declared: rebuild, and chapters can call it \
            with ```swift step=NAME.
            """)

    @Argument(help: "The step's name, as chapters will call it: a lowerCamelCase Swift identifier (inkRows).")
    var name: String

    @Option(help: "The folder under Sources/Lessons to put it in, one per chapter by habit (Convolution, Softmax).")
    var group = "Custom"

    @Option(help: "The tutor package: the folder holding Package.swift and Sources/Lessons.")
    var package = "."

    /// Lowercase words Swift reserves: a step named one of them would not compile as `static let NAME`.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do",
        "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        "as", "any", "false", "is", "nil", "self", "super", "throws", "true", "try", "await", "async", "consume",
        "copy", "discard", "each", "some", "borrowing", "consuming", "sending",
    ]
    static let longestName = 60

    /// Functions of Swift and the C library that code calls by their bare names: a step so named
    /// is a static member of `Lessons`, and inside `extension Lessons` a call `min(a, b)` would
    /// find it instead of Swift's (even where the steps today make no such call: the template's
    /// own `zip`, a step written later).
    static let globalFunctions: Set<String> = [
        "min", "max", "abs", "zip", "stride", "print", "debugPrint", "dump", "readLine", "precondition",
        "preconditionFailure", "fatalError", "assert", "assertionFailure", "swap", "repeatElement", "sequence", "type",
        "numericCast", "unsafeBitCast", "withExtendedLifetime", "withUnsafePointer", "withUnsafeMutablePointer",
        "withUnsafeBytes", "withUnsafeMutableBytes", "withUnsafeTemporaryAllocation", "isKnownUniquelyReferenced",
        "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "pow", "sqrt", "cbrt", "hypot", "sin", "cos", "tan",
        "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "erf", "erfc", "tgamma", "lgamma", "floor", "ceil",
        "round", "trunc", "fabs", "fmod", "remainder", "fma", "exit", "abort", "memcpy", "memset", "free", "malloc",
        "fmax", "fmin", "fdim", "copysign", "nextafter", "nearbyint", "rint", "lrint", "lround", "ldexp", "frexp", "modf",
        "scalbn", "logb", "ilogb", "sqrtf", "powf", "expf", "logf", "sinf", "cosf", "tanf", "fabsf", "floorf", "ceilf",
        "roundf", "withoutActuallyEscaping", "transcode", "withTaskGroup", "withThrowingTaskGroup",
        "withCheckedContinuation", "withCheckedThrowingContinuation", "withUnsafeContinuation", "withTaskCancellationHandler",
        "getenv", "setenv", "sleep", "usleep", "time", "clock", "rand", "random", "arc4random", "strlen", "strcmp",
        "open", "close", "read", "write", "stat", "lstat", "unlink", "rename", "mkdir", "rmdir", "signal", "raise",
        "kill", "fork", "pipe", "dup", "isatty", "ioctl", "realpath", "qsort", "atoi", "atof", "strtod", "puts",
        "printf", "fopen", "fclose", "fread", "fwrite", "fflush", "perror", "strerror", "autoreleasepool", "NSLog",
    ]

    func validate() throws {
        guard !name.isEmpty else { throw ValidationError("the step name is empty; give one such as inkRows") }
        guard name.count <= Self.longestName else {
            throw ValidationError("the step name is \(name.count) characters long; at most \(Self.longestName)")
        }
        let ascii = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0)) }
        guard ascii, let first = name.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first) else {
            let lowered = Self.lowerCamelCase(name)
            let suggestible = ascii && !Self.keywords.contains(lowered) && !Self.isReserved(lowered)
            let hint = name.first?.isUppercase == true && suggestible ? " (did you mean '\(lowered)'?)" : ""
            throw ValidationError("'\(Excerpt.of(name))' is not a step name: a step name is a Swift identifier in lowerCamelCase, "
                                  + "letters a-z and A-Z and digits, starting with a small letter, such as inkRows\(hint)")
        }
        guard !Self.keywords.contains(name) else {
            throw ValidationError("'\(name)' is a Swift keyword, so it cannot name a step; choose another name, such as \(name)Step")
        }
        guard !Self.globalFunctions.contains(name) else {
            throw ValidationError("'\(name)' is a function Swift code calls by that name; a step so named would be found in its "
                                  + "place inside `extension Lessons`, and the package would not build: choose another name, such as \(name)Step")
        }
        guard group.count <= Self.longestName else {
            throw ValidationError("--group is \(group.count) characters long; at most \(Self.longestName)")
        }
        guard let groupFirst = group.unicodeScalars.first, CharacterSet.uppercaseLetters.contains(groupFirst),
              group.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }) else {
            throw ValidationError("--group '\(Excerpt.of(group))' is not a group name: one folder, letters and digits, "
                                  + "starting with a capital letter, such as Convolution")
        }
        try BookOptions.requireNonEmpty(package, "--package")
    }

    /// `name` with its leading capitals made small, as Swift names a value of a type so named:
    /// `InkRows` → `inkRows`, `SHOWDIGIT` → `showdigit`, `URLReader` → `urlReader` (the last
    /// capital before a small letter starts the next word).
    static func lowerCamelCase(_ name: String) -> String {
        let characters = Array(name)
        var leading = characters.prefix { $0.isUppercase }.count
        if leading > 1 && leading < characters.count && characters[leading].isLowercase { leading -= 1 }
        return String(characters[..<leading]).lowercased() + String(characters[leading...])
    }

    /// Whether the build declares `name`, or a file of the name `name`'s file would have, itself.
    static func isReserved(_ name: String) -> Bool {
        let fileStem = (name.prefix(1).uppercased() + name.dropFirst()).lowercased()
        return Lessons.registry.reservedNames.contains { $0 == name || $0.lowercased() == fileStem }
    }

    /// `inkRows` -> `InkRows`: files are named after what they declare, types-style.
    var fileName: String { name.prefix(1).uppercased() + name.dropFirst() + ".swift" }

    func run() throws {
        do {
            try create()
        } catch let failure as Failure {
            printError("tutor: error: \(failure)")
            throw ExitCode.failure
        }
    }

    /// Sources/Lessons as the teacher can open it from where they typed the command: inside --package.
    private var lessonsShown: String {
        package == "." ? "Sources/Lessons" : (package as NSString).appendingPathComponent("Sources/Lessons")
    }

    private func create() throws {
        let root = BookOptions.resolve(package)
        let lessons = root.appendingPathComponent("Sources/Lessons")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path),
              FileManager.default.fileExists(atPath: lessons.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure("\(package) is not the tutor package (it has no Package.swift and Sources/Lessons folder); "
                          + "run this in the package's folder or pass --package DIR")
        }
        if Lessons.registry.step(named: name) != nil {
            throw Failure("a step named '\(name)' already exists (see `tutor list --steps`); choose another name")
        }
        // The build declares `Lessons.registry` and `EmbeddedSources` itself (the EmbedSources
        // plugin), in a generated file named after the type, `EmbeddedSources.swift`: a step of
        // either name, or whose file would have that name, would not build (one target cannot
        // hold two files of one name).
        if Self.isReserved(name) {
            throw Failure("'\(name)' is a name the build declares itself (the list of every step and its sources); choose another name, such as \(name)Step")
        }
        for (path, text) in Self.swiftFiles(in: lessons) {
            let relative = lessonsShown + "/" + path
            if (path as NSString).lastPathComponent.lowercased() == fileName.lowercased() {
                // One target cannot hold two files of one name, even in different folders.
                throw Failure("\(relative) already exists; a step's file is named after the step, so choose another name")
            }
            // Any static member of that name (a step not built into this tutor yet, `bookTitle`,
            // `dataSources(...)`): two declarations of one name do not build.
            if text.contains(try Regex("\\bstatic\\s+(let|var|func)\\s+\(name)\\b")) {
                throw Failure("\(relative) already declares '\(name)'; choose another name")
            }
            // A function the steps call by its bare name (`min(a, b)` inside `extension Lessons`)
            // would find the new step instead, and the package would no longer build.
            if text.contains(try Regex("(^|[^.\\w])\(name)\\s*\\(")) {
                throw Failure("\(relative) calls a function named '\(name)'; inside `extension Lessons` a step of that name "
                              + "would be found in its place, and the package would not build: choose another name, such as \(name)Step")
            }
        }
        let folder = lessons.appendingPathComponent(group)
        let file = folder.appendingPathComponent(fileName)
        let shown = "\(lessonsShown)/\(group)/\(fileName)"
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw Failure("\(lessonsShown)/\(group) is a file, not a folder of steps; choose another --group")
        }
        // A link that leads nowhere or round in a loop: Foundation would call that "a file with
        // the same name already exists".
        var info = stat()
        if lstat(folder.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, stat(folder.path, &info) != 0 {
            let why = errno == ELOOP ? "leads round in a loop" : "leads nowhere (\(String(cString: strerror(errno))))"
            throw Failure("\(lessonsShown)/\(group) is a symbolic link that \(why); remove it or choose another --group")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.createNew(file, contents: StepTemplate.source(name: name))
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure("cannot write \(shown): \((error as NSError).localizedFailureReason ?? "\(error)")")
        }
        Accomplished.note("created \(shown)")
        // The commands work in the package's folder (`.build` and `chapters` are its): a teacher
        // elsewhere is told to go there first, once, as a shell's `cd` lasts.
        let inPackage = package == "." ? "" : "cd \(DataAdvice.shellQuoted(package))  then  "
        let chapters = package == "." ? "chapters/" : (package as NSString).appendingPathComponent("chapters") + "/"
        try StandardStream.output.write("""
            created \(shown)

            Next:
              1. Edit it: its parameters, what it reads (data:), what it shows (cell.show, cell.claim).
              2. Rebuild tutor, which registers the step:  \(inPackage)swift build -c release
              3. Call it from a chapter (a file in \(chapters)), with any parameters to change:
                     ```swift step=\(name) digit=7
                     ```
              4. Check and build the book:  .build/release/tutor check  then  .build/release/tutor build
                 (`.build/release/tutor list --steps` shows every step and its parameters.)

            """)
    }

    /// Why the command refused; printed as `error: ...`.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Every `.swift` file under `folder`, by its path relative to it, with its text.
    static func swiftFiles(in folder: URL) -> [(String, String)] {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []
        return paths.filter { $0.hasSuffix(".swift") }.sorted().map { path in
            (path, (try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)) ?? "")
        }
    }

    /// Writes `contents` to a new file at `url`, whole or not at all, and never over an existing
    /// file: written beside it first, then hard-linked into place (link(2) fails if the name is taken).
    static func createNew(_ url: URL, contents: String) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        defer { unlink(temporary.path) }
        try Data(contents.utf8).write(to: temporary)
        guard link(temporary.path, url.path) == 0 else {
            if errno == EEXIST { throw Failure("Sources/Lessons/\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent) already exists; it was left as it is") }
            throw Failure("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
