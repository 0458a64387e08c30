/// Finds tagged cells that Markdown would not read as cells, so none vanishes in silence.
///
/// A cell's fence in a quote, a list item, an HTML block, a table or an indented code block is
/// ordinary content to CommonMark: the cell would be dropped, or printed as text. A fence that is
/// not closed swallows every later cell into its body. `CellFenceLookalike` finds every line meant
/// as a cell's fence; this check says, for each, why it is not one, at that line.
struct CellPlacement {
    /// What kind of top-level block a line belongs to, as cmark parsed it.
    enum BlockKind {
        case quote, list, html, indentedCode, fencedCode, table, paragraph, other
    }

    struct Block {
        var kind: BlockKind
        var firstLine: Int
        var lastLine: Int
    }

    /// A fenced code block at any depth.
    struct FencedBlock {
        var marker: Character
        var length: Int
        var firstLine: Int
        var lastLine: Int
        var isTopLevel: Bool
        /// A top-level fence whose info string the cell parser takes (`InfoString.namesStep`).
        var isCell: Bool
    }

    var path: String
    var lines: [Substring]
    var topLevel: [Block]
    var fenced: [FencedBlock]

    /// The diagnostics, and the opening lines of fences already reported as unclosed (so that
    /// the "never closed" check does not report them twice).
    func check() -> (diagnostics: [Diagnostic], unclosedFences: Set<Int>) {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        // Fenced blocks are leaves of the tree, so their bodies never overlap.
        var fenceOfLine: [Int: Int] = [:]
        for (index, block) in fenced.enumerated() where block.lastLine > block.firstLine {
            for line in (block.firstLine + 1)...block.lastLine { fenceOfLine[line] = index }
        }
        var blockOfLine: [Int: BlockKind] = [:]
        for block in topLevel where block.lastLine >= block.firstLine {
            for line in block.firstLine...block.lastLine { blockOfLine[line] = block.kind }
        }
        let openings = Dictionary(fenced.map { ($0.firstLine, $0) }, uniquingKeysWith: { first, _ in first })

        for (offset, text) in lines.enumerated() {
            let number = offset + 1
            guard let match = CellFenceLookalike.match(text) else { continue }
            let fenceColumn = match.prefix.count + 1
            let at = SourceLocation(path: path, line: number, column: fenceColumn)
            if let opening = openings[number], opening.isTopLevel {
                if !opening.isCell {
                    let problem = CellFenceLookalike.problem(in: match.info)
                    diagnostics.append(Diagnostic(at.movedRight(by: match.length + problem.characterOffset), problem.message))
                }
                continue
            }
            if let index = fenceOfLine[number] {
                let open = fenced[index]
                // A longer fence, or the other fence character, is how a chapter shows a cell's
                // fence as an example; the same fence, no longer, is one that was not closed.
                if match.marker == open.marker && match.length >= open.length {
                    if reported.insert(open.firstLine).inserted {
                        let fence = Excerpt.fence(of: open.marker, length: open.length)
                        diagnostics.append(Diagnostic(SourceLocation(path: path, line: open.firstLine, column: 1 + leadingBlanks(open.firstLine)),
                            "this \(fence) fence is still open at line \(number), where another tagged cell begins, so it swallows that cell: add a closing \(fence) line before line \(number)"))
                    }
                }
                continue
            }
            diagnostics.append(Diagnostic(at, Self.message(for: blockOfLine[number] ?? .other, match: match)))
        }
        return (diagnostics, reported)
    }

    private func leadingBlanks(_ line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return 0 }
        return lines[line - 1].prefix { $0 == " " }.count
    }

    static func message(for kind: BlockKind, match: CellFenceLookalike.Match) -> String {
        let rule = "a tagged cell must be at the top level of the chapter, indented at most 3 spaces"
        switch kind {
        case .quote: return "this tagged cell is inside a quote ('>'), where it would be dropped; \(rule)"
        case .list:
            // Indented as far as the item's text, the fence is part of the item however few spaces that is.
            return "this tagged cell is inside a list item (a fence indented as far as the item's text belongs to the item), "
                + "where it would be dropped; end the list first: a blank line, then the fence at the start of a line"
        case .html: return "this tagged cell is inside an HTML block, where it would be printed as text; \(rule), after a blank line"
        case .indentedCode: return "this tagged cell is indented 4 spaces or a tab, so Markdown reads it as an indented code block; \(rule)"
        case .table: return "this tagged cell is read as a row of the table above it; leave a blank line between a table and a cell"
        case .fencedCode, .paragraph, .other:
            if let hidden = match.prefix.first(where: { $0 != " " && $0 != "\t" && $0 != ">" }) {
                let names = hidden.unicodeScalars.map(Excerpt.name(of:)).joined(separator: " ")
                return "the character \(names) before this fence makes Markdown read the cell as text; \(rule), with plain spaces"
            }
            return "Markdown does not read this line as a tagged cell's fence, so the cell would be printed as text; \(rule)"
        }
    }
}
