/// What one source file of the target declares, as far as the step list and the cache need it.
///
/// A step is registered by being declared in exactly this form, so the list is generated and a
/// step cannot be defined and forgotten:
///
///     extension Lessons {
///         static let NAME = StepDefinition(...) { ... }
///     }
///
/// Any other call `StepDefinition(` is an error (it would be a step nobody registers).
struct StepScan {
    struct Step: Equatable {
        var name: String
        var line: Int
        var column: Int
    }

    /// The steps the file declares, in order.
    private(set) var steps: [Step] = []
    /// Calls `StepDefinition(` outside the form above.
    private(set) var misplaced: [SwiftToken] = []
    /// True when the file declares its steps and nothing else at all: no helper, no type, no
    /// extension of another type. Nothing in such a file is reachable from other files except
    /// through the names of its steps.
    private(set) var declaresOnlySteps = false
    /// Every identifier the file uses, in code (comments and string text left out).
    let identifiers: Set<String>
    /// The file's tokens, for finding the helpers its steps call (`StepHelpers`).
    let tokens: [SwiftToken]

    init(_ text: String, extending typeName: String) {
        let tokens = SwiftLexer.tokens(of: text)
        self.tokens = tokens
        identifiers = Set(tokens.filter { $0.kind == .identifier }.map(\.text))
        findSteps(tokens, typeName)
        declaresOnlySteps = !steps.isEmpty && Self.holdsOnlySteps(tokens, typeName)
    }

    /// Records each `static let NAME = StepDefinition (` directly inside `extension TYPE {`, and
    /// every other `StepDefinition (` as misplaced.
    private mutating func findSteps(_ tokens: [SwiftToken], _ typeName: String) {
        var openers: [Int] = []  // token index of each open bracket
        var recognized: Set<Int> = []
        for (i, token) in tokens.enumerated() where token.kind == .punctuation {
            switch token.text {
            case "{", "(", "[": openers.append(i)
            case "}", ")", "]": _ = openers.popLast()
            default: continue
            }
            guard token.text == "{", openers.count == 1, i >= 2,
                  tokens[i - 2].text == "extension", tokens[i - 1].text == typeName else { continue }
            // Inside `extension TYPE {`: its members are the tokens at depth 1 until the brace closes.
            var j = i + 1
            var depth = 0
            while j < tokens.count {
                let text = tokens[j].text
                if tokens[j].kind == .punctuation {
                    if text == "{" || text == "(" || text == "[" { depth += 1 }
                    if text == "}" || text == ")" || text == "]" {
                        if depth == 0 { break }
                        depth -= 1
                    }
                }
                if depth == 0, Self.matches(tokens, at: j, ["static", "let", nil, "=", "StepDefinition", "("]) {
                    steps.append(Step(name: tokens[j + 2].text, line: tokens[j + 2].line, column: tokens[j + 2].column))
                    recognized.insert(j + 4)
                }
                j += 1
            }
        }
        for (i, token) in tokens.enumerated()
        where token.text == "StepDefinition" && i + 1 < tokens.count && tokens[i + 1].text == "(" && !recognized.contains(i) {
            misplaced.append(token)
        }
    }

    /// True when `tokens[at...]` spells `pattern` (nil: any identifier).
    private static func matches(_ tokens: [SwiftToken], at start: Int, _ pattern: [String?]) -> Bool {
        guard start + pattern.count <= tokens.count else { return false }
        for (offset, expected) in pattern.enumerated() {
            let token = tokens[start + offset]
            if let expected { if token.text != expected { return false } } else if token.kind != .identifier { return false }
        }
        return true
    }

    /// True when the top level holds only imports and `extension TYPE { <steps> }` blocks whose
    /// members are all `[public|internal] static let NAME = StepDefinition(...) { ... }`.
    private static func holdsOnlySteps(_ tokens: [SwiftToken], _ typeName: String) -> Bool {
        var i = 0
        func text(_ k: Int) -> String? { k < tokens.count ? tokens[k].text : nil }
        /// The index after the bracket group opening at `k`.
        func afterGroup(_ k: Int) -> Int {
            var depth = 0
            var k = k
            while k < tokens.count {
                let t = tokens[k]
                if t.kind == .punctuation && ["{", "(", "["].contains(t.text) { depth += 1 }
                if t.kind == .punctuation && ["}", ")", "]"].contains(t.text) { depth -= 1; if depth == 0 { return k + 1 } }
                k += 1
            }
            return k
        }
        let importKinds: Set<String> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
        while i < tokens.count {
            var k = i
            while text(k) == "@", k + 1 < tokens.count, tokens[k + 1].kind == .identifier { k += 2 }
            if text(k) == "import" {
                k += 1
                if let kind = text(k), importKinds.contains(kind) { k += 1 }
                guard k < tokens.count, tokens[k].kind == .identifier else { return false }
                k += 1
                while text(k) == ".", k + 1 < tokens.count, tokens[k + 1].kind == .identifier { k += 2 }
                i = k
            } else if k == i, text(i) == "extension", text(i + 1) == typeName, text(i + 2) == "{" {
                i += 3
                while let member = text(i), member != "}" {
                    if member == ";" { i += 1; continue }
                    if member == "public" || member == "internal" { i += 1 }
                    guard matches(tokens, at: i, ["static", "let", nil, "=", "StepDefinition", "("]) else { return false }
                    i = afterGroup(i + 5)
                    if text(i) == "{" { i = afterGroup(i) }
                }
                guard text(i) == "}" else { return false }
                i += 1
            } else if k == i, text(i) == ";" {
                i += 1
            } else {
                return false
            }
        }
        return true
    }
}
