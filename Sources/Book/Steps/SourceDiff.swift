/// A line diff between a cell's copied code and its step's source, for the drift warning:
/// "  " a line both have, "- " one only the cell has, "+ " one only the source has.
enum SourceDiff {
    /// The lines shown at most: past a screenful, what is left is counted, not listed.
    static let shownLines = 60
    /// The most lines of the cell times lines of the source compared line by line (the table of
    /// common subsequences holds one number for each pair): a fence of a million pasted lines
    /// would otherwise take gigabytes.
    static let largestComparison = 2_000_000

    static func lines(from old: String, to new: String) -> [String] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        guard a.count <= largestComparison / max(1, b.count) else {
            return ["(the cell holds \(a.count) lines and the step's source \(b.count): too many to compare line by line)"]
        }
        // lcs[i][j] = length of the longest common subsequence of a[i...] and b[j...].
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append("  " + a[i]); i += 1; j += 1
            } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                out.append("+ " + visibleEnd(b[j])); j += 1
            } else {
                out.append("- " + visibleEnd(a[i])); i += 1
            }
        }
        guard out.count > shownLines else { return out }
        return Array(out.prefix(shownLines)) + ["(\(out.count - shownLines) more lines of the comparison)"]
    }

    /// A line with the spaces and tabs at its end shown (`·`, `→`): a line that differs only
    /// there would otherwise print the same as its twin.
    static func visibleEnd(_ line: Substring) -> String {
        let blanks = line.reversed().prefix { $0 == " " || $0 == "\t" }.count
        guard blanks > 0 else { return String(line) }
        return line.dropLast(blanks) + line.suffix(blanks).map { $0 == "\t" ? "→" : "·" }.joined()
    }
}
