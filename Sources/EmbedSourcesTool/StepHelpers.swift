/// The functions a step calls, found by name, so the page can show them next to the step's own
/// code: `Runs.train(&model, ...)` on the page, and the training loop it runs one click away.
///
/// The rule, from the tokens the step list is already scanned from (`SwiftLexer`):
///
/// - A *call* is an identifier followed by `(`: `Runs.train(`, `model.fit(`. Called on a type
///   (`Runs.`, a capitalised name), it reaches the functions of that name declared in that type or
///   its extensions; called on a value, every function of that name (`func NAME`, with a body),
///   since tokens cannot tell whose method it is.
/// - The step's own file is where the search starts. A helper declared in the course's target is
///   searched in turn (its calls reach further helpers); a helper of a library the course depends
///   on is shown but not followed, or one call would pull in the whole library.
/// - The runner's own files (the module that declares `StepDefinition`) are never helpers: a step
///   talks to the runner (`cell.show`), it does not teach it. Other step files are not helpers
///   either: the page shows each step at its own cell.
///
/// Unlike `StepReach`, which must count too much (a missed file shows stale results), this list
/// only guides a reader, so precision matters more than completeness.
struct StepHelpers {
    struct Declaration: Equatable {
        /// `Sequential.fit`, or `fit` at the top level.
        var name: String
        var fileKey: String
        /// 1-based, the first line of its doc comment (or of the declaration), and the line of its
        /// closing brace.
        var firstLine: Int
        var lastLine: Int
        /// The calls in its body, in order.
        var calls: [Call]
        /// `Sequential` for `Sequential.fit`.
        var owner: String? { name.contains(".") ? String(name.split(separator: ".").first!) : nil }
    }

    /// `Runs.train(` (on the type `Runs`) or `model.fit(` (type nil).
    struct Call: Hashable {
        var type: String?
        var name: String
    }

    struct File {
        var key: String
        var text: String
        var tokens: [SwiftToken]
        /// A file of the course's own target (searched further) rather than a library's.
        var isCourse: Bool
        /// A file that declares steps (never a helper).
        var declaresSteps: Bool
    }

    /// `key` of each step file -> the helpers its steps call, in the order they are reached.
    static func helpers(of files: [File], runnerType: String = "StepDefinition") -> [String: [Declaration]] {
        let runnerModules = Set(files.filter { declaresType(runnerType, $0.tokens) }.map { module(of: $0.key) })
        var byName: [String: [Declaration]] = [:]
        var isCourseFile: [String: Bool] = [:]
        for file in files where !file.declaresSteps && !runnerModules.contains(module(of: file.key)) {
            isCourseFile[file.key] = file.isCourse
            for declaration in declarations(in: file) {
                byName[String(declaration.name.split(separator: ".").last!), default: []].append(declaration)
            }
        }
        var result: [String: [Declaration]] = [:]
        for file in files where file.declaresSteps {
            var reached: [Declaration] = []
            var seen: Set<String> = []
            var pending = calls(in: file.tokens[...])
            var index = 0
            while index < pending.count {
                let call = pending[index]
                for declaration in byName[call.name] ?? [] where call.type == nil || call.type == declaration.owner {
                    guard seen.insert("\(declaration.fileKey):\(declaration.firstLine)").inserted else { continue }
                    reached.append(declaration)
                    if isCourseFile[declaration.fileKey] == true { pending += declaration.calls }
                }
                index += 1
            }
            if !reached.isEmpty { result[file.key] = reached }
        }
        return result
    }

    /// The source text of a declaration, its lines as written.
    static func source(of declaration: Declaration, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines[(declaration.firstLine - 1)..<min(declaration.lastLine, lines.count)].joined(separator: "\n")
    }

    static func module(of key: String) -> Substring { key.split(separator: "/").first ?? Substring(key) }

    /// True when the file declares `struct|class|enum NAME`.
    static func declaresType(_ name: String, _ tokens: [SwiftToken]) -> Bool {
        tokens.indices.dropLast().contains { ["struct", "class", "enum"].contains(tokens[$0].text) && tokens[$0 + 1].text == name }
    }

    /// Names followed by `(` in a run of tokens, each once, in order: the calls, as far as tokens
    /// can tell. `Type.name(` keeps its type.
    static func calls(in tokens: ArraySlice<SwiftToken>) -> [Call] {
        var calls: [Call] = []
        var seen: Set<Call> = []
        for i in tokens.indices.dropLast() where tokens[i].kind == .identifier && tokens[i + 1].text == "(" && tokens[i + 1].kind == .punctuation {
            if i > tokens.startIndex, tokens[i - 1].text == "func" { continue }
            var type: String?
            if i - 2 >= tokens.startIndex, tokens[i - 1].text == ".", tokens[i - 2].kind == .identifier,
               tokens[i - 2].text.first?.isUppercase == true {
                type = tokens[i - 2].text
            }
            let call = Call(type: type, name: tokens[i].text)
            if seen.insert(call).inserted { calls.append(call) }
        }
        return calls
    }

    static let modifiers: Set<String> = ["static", "class", "public", "internal", "private", "fileprivate", "open",
                                         "mutating", "nonmutating", "override", "final", "nonisolated", "@", "discardableResult",
                                         "inlinable", "inline", "__always", "(", ")"]

    /// Every `func NAME` with a body that is not private, named after the type or extension it is declared in.
    static func declarations(in file: File) -> [Declaration] {
        let tokens = file.tokens
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
        var found: [Declaration] = []
        // The type or extension each open brace belongs to (nil for any other brace).
        var owners: [String?] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.kind == .punctuation && token.text == "{" {
                var owner: String?
                // `struct Name {`, `extension Name: Protocol {`, `enum Name<T> {`: the name after the keyword.
                var k = i - 1
                while k >= 0, !(tokens[k].kind == .punctuation && ["{", "}", ";"].contains(tokens[k].text)) {
                    if ["struct", "class", "enum", "extension", "actor"].contains(tokens[k].text), k + 1 < i { owner = tokens[k + 1].text }
                    if tokens[k].text == "func" || tokens[k].text == "=" { owner = nil; break }
                    k -= 1
                }
                owners.append(owner)
            } else if token.kind == .punctuation && token.text == "}" {
                _ = owners.popLast()
            } else if token.text == "func", i + 1 < tokens.count, tokens[i + 1].kind == .identifier,
                      let (bodyOpen, bodyClose) = body(after: i + 2, in: tokens) {
                // A private function cannot be called from the step's file or another type's.
                var k = i - 1
                var isPrivate = false
                while k >= 0, modifiers.contains(tokens[k].text) {
                    if tokens[k].text == "private" || tokens[k].text == "fileprivate" { isPrivate = true }
                    k -= 1
                }
                if isPrivate { i = bodyClose + 1; continue }
                let owner = owners.last(where: { $0 != nil }) ?? nil
                let name = owner.map { "\($0).\(tokens[i + 1].text)" } ?? tokens[i + 1].text
                var first = token.line
                // Attributes and doc comments above the declaration belong to it.
                while first > 1 {
                    let above = lines[first - 2].trimmingCharacters(in: .whitespaces)
                    guard above.hasPrefix("///") || above.hasPrefix("@") else { break }
                    first -= 1
                }
                found.append(Declaration(name: name, fileKey: file.key, firstLine: first, lastLine: tokens[bodyClose].line,
                                         calls: calls(in: tokens[bodyOpen...bodyClose])))
                i = bodyClose + 1
                continue
            }
            i += 1
        }
        return found
    }

    /// The indices of the braces of a function's body, starting after its name: the first `{`
    /// outside the signature's brackets. Nil for a requirement without a body.
    static func body(after start: Int, in tokens: [SwiftToken]) -> (Int, Int)? {
        var depth = 0
        var i = start
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .punctuation {
                switch t.text {
                case "(", "[", "<": depth += 1
                case ")", "]", ">": depth -= 1
                case "}": return nil
                case "{" where depth <= 0:
                    var braces = 0
                    for j in i..<tokens.count where tokens[j].kind == .punctuation {
                        if tokens[j].text == "{" { braces += 1 }
                        if tokens[j].text == "}" { braces -= 1; if braces == 0 { return (i, j) } }
                    }
                    return nil
                default: break
                }
            } else if depth <= 0, ["func", "var", "let", "case", "init"].contains(t.text) {
                return nil
            }
            i += 1
        }
        return nil
    }
}
