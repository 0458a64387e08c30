/// What `tutor check` does: parse every chapter, resolve every step, check every parameter against
/// its type and range and every cell against its step's `validate` rule (the same resolution the
/// build runs, so a cell the check accepts is one the step can run with), and compare fence
/// bodies with the steps' sources, without running anything.
public enum BookCheck {
    public struct Report: Sendable {
        public var chapters: Int
        public var cells: Int
        public var diagnostics: [Diagnostic]
        public var succeeded: Bool { diagnostics.isEmpty }
    }

    public static func run(_ directory: ChapterDirectory, registry: StepRegistry) -> Report {
        var diagnostics = directory.diagnostics
        var cells = 0
        for step in registry.stepsWithoutSource {
            diagnostics.append(Diagnostic(file: step.fileID, "step '\(step.name)' has no embedded source"))
        }
        for chapter in directory.chapters {
            cells += chapter.cells.count
            var found: [Diagnostic] = []
            for cell in chapter.cells {
                do {
                    let resolved = try registry.resolve(cell)
                    if let drift = registry.drift(of: resolved) { found.append(drift) }
                } catch {
                    found += error.all
                }
            }
            found += registry.untaggedCells(in: chapter)
            // Unknown steps were reported above; the order of what is known is still checked.
            found += orderProblems(in: chapter, registry: registry)
            found += LinkCheck.problems(in: chapter, book: directory.chapters, alsoChapters: Set(directory.unloaded.map(\.fileName)))
            found += LinkCheck.droppedAddresses(in: chapter, severity: .error)
            if let folder = directory.folder { found += ChapterFiles.find(in: chapter, chaptersFolder: folder).problems }
            diagnostics += found.inLineOrder
        }
        return Report(chapters: directory.chapters.count, cells: cells, diagnostics: diagnostics)
    }

    /// Cells whose arguments ask of the data what it does not hold (`StepDefinition.checkData`):
    /// the cell's own arguments, then each variant's, the first failure of each cell said. Run
    /// once the data sources are known to read; a cell that does not resolve is left to `run`, and
    /// one whose step reads a source in `skipping` (reported missing already) is left alone.
    public static func dataProblems(in chapters: [Chapter], registry: StepRegistry, data: DataSources,
                                    skipping: Set<String> = []) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for chapter in chapters {
            for cell in chapter.cells {
                guard let resolved = try? registry.resolve(cell), !resolved.step.data.sources.contains(where: skipping.contains) else { continue }
                let step = resolved.step
                do {
                    try step.checkData(resolved.arguments, data)
                } catch {
                    problems.append(Diagnostic(cell.location, "step '\(step.name)' cannot run on its data: \(error)"))
                    continue
                }
                for combination in Variation.combinations(resolved.variations) {
                    var values = resolved.arguments.values
                    for (variation, value) in zip(resolved.variations, combination) { values[variation.name] = value }
                    do {
                        try step.checkData(Arguments(values), data)
                    } catch {
                        problems.append(variantProblem(cell, resolved, combination, error, data))
                        break
                    }
                }
            }
        }
        return problems
    }

    /// A variant the data does not allow, said of the values that differ from the cell's own: a
    /// value that fails alone is blamed where its list writes it, as written; values that fail
    /// only together, at the first `vary-` key.
    private static func variantProblem(_ cell: Cell, _ resolved: ResolvedCell, _ combination: [ParameterValue], _ error: any Error,
                                       _ data: DataSources) -> Diagnostic {
        let changed = zip(resolved.variations, combination).filter { $1 != resolved.arguments.values[$0.name] }
        // The one value at fault when, changed alone, it fails too (`n=7`, whatever the others are).
        for (variation, value) in changed {
            var values = resolved.arguments.values
            values[variation.name] = value
            guard let key = cell.info.variations.first(where: { $0.name == variation.name }) else { continue }
            do { try resolved.step.checkData(Arguments(values), data) } catch {
                let index = variation.values.firstIndex(of: value) ?? 0
                let item = key.items.count == variation.values.count ? key.items[index] : nil
                return Diagnostic(cell.location(ofInfoColumn: item?.column ?? key.valueColumn),
                    "vary-\(variation.name) offers \(Excerpt.of(item?.written ?? value.sourceText)), on which step '\(resolved.step.name)' "
                    + "cannot run: \(error); offer only values the data allows")
            }
        }
        let setting = changed.map { "\($0.name)=\(Excerpt.of($1.sourceText))" }.joined(separator: " ")
        return Diagnostic(cell.location(ofInfoColumn: cell.info.variations[0].column),
            "with \(setting) step '\(resolved.step.name)' cannot run on its data: \(error); offer only values the data allows")
    }

    /// What stops a chapter before any of its cells runs, as `tutor build` sees it: cells that do
    /// not resolve (unknown step, bad parameter), and cells that need state no earlier cell makes.
    /// The same rules as `run`, so that check and build refuse the same chapters with the same words.
    public static func blockingProblems(in chapter: Chapter, registry: StepRegistry) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for cell in chapter.cells {
            do { _ = try registry.resolve(cell) } catch { found += error.all }
        }
        return (found + orderProblems(in: chapter, registry: registry)).inLineOrder
    }

    /// Cells of known steps that need a state key (a model, a feature map) that no earlier cell of
    /// the chapter makes: each would fail when run, after the cells before it had run for nothing.
    static func orderProblems(in chapter: Chapter, registry: StepRegistry) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        // The state keys the cells so far make.
        var made: Set<String> = []
        for (index, cell) in chapter.cells.enumerated() {
            guard let step = registry.step(named: cell.info.step) else { continue }
            for key in step.needs where !made.contains(key) {
                problems.append(Diagnostic(cell.location, missingState(key, for: step, later: chapter.cells.dropFirst(index + 1), registry: registry)))
            }
            made.formUnion(step.makes)
        }
        return problems
    }

    /// Why a cell of `step` would fail for want of `key`: a later cell of the chapter makes it, or
    /// none does (and which steps could).
    private static func missingState(_ key: String, for step: StepDefinition, later: ArraySlice<Cell>,
                                     registry: StepRegistry) -> String {
        let start = "step '\(step.name)' needs '\(key)', which an earlier cell of this chapter must make"
        if let maker = later.first(where: { registry.step(named: $0.info.step)?.makes.contains(key) == true }) {
            return start + "; the cell that makes it comes later (line \(maker.location.line), step '\(maker.info.step)'): move it before this one"
        }
        let steps = registry.steps.filter { $0.makes.contains(key) }.map { "'\($0.name)'" }
        return start + "; none does" + (steps.isEmpty ? "" : ": put a cell of \(steps.joined(separator: " or ")) before this one")
    }
}

extension Array where Element == Diagnostic {
    /// By line, then column; diagnostics at the same place keep their order.
    var inLineOrder: [Diagnostic] {
        enumerated().sorted { a, b in
            (a.element.location.line, a.element.location.column, a.offset) < (b.element.location.line, b.element.location.column, b.offset)
        }.map(\.element)
    }
}
