import Foundation

/// A chapter as `tutor serve` holds it: its cells resolved with the chapter's own values, and the
/// means to resolve them again with a reader's (`CellOverrides`), by exactly the rules a chapter's
/// own info strings follow.
public struct LiveChapter: Sendable {
    public let chapter: Chapter
    public let registry: StepRegistry
    /// The cells with the chapter's own values.
    public let cells: [ResolvedCell]

    /// - Throws: every problem of the chapter's own cells, as a build reports them.
    public init(_ chapter: Chapter, registry: StepRegistry) throws(Diagnostics) {
        self.chapter = chapter
        self.registry = registry
        var cells: [ResolvedCell] = []
        var problems: [Diagnostic] = []
        for cell in chapter.cells {
            do { cells.append(try registry.resolve(cell)) } catch { problems += error.all }
        }
        // And a cell that needs what no earlier cell makes, which the build refuses up front too.
        problems = (problems + BookCheck.orderProblems(in: chapter, registry: registry)).inLineOrder
        if !problems.isEmpty { throw Diagnostics(problems) }
        self.cells = cells
    }

    /// A value a reader gave that cannot be used, said next to its control.
    public struct Problem: Sendable, Hashable, Codable {
        /// The cell (from 1); the parameter, when the problem is one value's.
        public var cell: Int
        public var parameter: String?
        public var message: String
    }

    /// Why `written` names no cell of this chapter: "chapter 1 has 5 cells, not 9".
    public func noSuchCell(_ written: String) -> String {
        cells.isEmpty ? "chapter \(chapter.number) has no cells"
            : "chapter \(chapter.number) has \(cells.count) cell\(cells.count == 1 ? "" : "s"), not \(written)"
    }

    /// Every problem of a reader's values.
    public struct Problems: Error, Sendable {
        public var all: [Problem]
    }

    /// The cells with the reader's values in place of the chapter's: every value is parsed as an
    /// info string's value and checked against its parameter's type and its step's own rules
    /// (`StepRegistry.resolve`), so the page says what `tutor check` would.
    public func resolve(_ overrides: CellOverrides) -> Result<[ResolvedCell], Problems> {
        var problems: [Problem] = []
        var resolved = cells
        for (index, values) in overrides.values.sorted(by: { $0.key < $1.key }) {
            guard (1...max(1, cells.count)).contains(index) && index <= cells.count else {
                problems.append(Problem(cell: index, message: noSuchCell(String(index))))
                continue
            }
            let own = cells[index - 1]
            var written: [Override] = []
            var parameterOf: [String: String] = [:]  // the location's path -> parameter
            for (name, text) in values.sorted(by: { $0.key < $1.key }) {
                guard own.step.parameter(named: name) != nil else {
                    problems.append(Problem(cell: index, parameter: name, message: own.step.noParameter(name)))
                    continue
                }
                let path = "cell \(index) \(name)"
                parameterOf[path] = name
                do {
                    // The chapter parser's own reading of `name=value`, so `t=.5` or `[1,2` fail as in a cell.
                    let parameter = try InfoString.parseAssignment("\(name)=\(text)")
                    written.append(Override(parameter: parameter, location: SourceLocation(path: path, line: 1, column: parameter.valueColumn),
                                            forOneCell: true))
                } catch {
                    let column = error.column - name.count - 1
                    problems.append(Problem(cell: index, parameter: name, message: column > 1 ? "at character \(column): \(error.message)" : error.message))
                }
            }
            guard !written.isEmpty else { continue }
            do {
                resolved[index - 1] = try registry.resolve(own.cell, overrides: written)
            } catch {
                for diagnostic in error.all {
                    problems.append(Problem(cell: index, parameter: parameterOf[diagnostic.location.path], message: diagnostic.message))
                }
            }
        }
        return problems.isEmpty ? .success(resolved) : .failure(Problems(all: problems))
    }
}
