import Foundation

/// `tutor run`: a chapter in the terminal, one step at a time. For each cell: the prose before
/// it, its code, then its outputs, and a pause until Enter (`q` quits).
public struct ChapterWalkthrough {
    public var chapter: Chapter
    public var cells: [ResolvedCell]
    public var settings: RunSettings
    public var presenter: TerminalPresenter
    /// Wait between steps; off for `--no-pause` and when standard input is not a terminal.
    public var pause: Bool
    /// The first step to show (from 1); the ones before it still run, silently, for their state.
    public var firstStep: Int

    /// Resolves the chapter's cells with the command line's overrides.
    /// - Throws: every resolution problem, and an override no cell of the chapter accepts.
    public init(chapter: Chapter, registry: StepRegistry, overrides: [Override], settings: RunSettings,
                presenter: TerminalPresenter, pause: Bool, firstStep: Int) throws(Diagnostics) {
        var cells: [ResolvedCell] = []
        var problems: [Diagnostic] = []
        // Every cell's values first, then the cell's own (`--set 3.steps=100` over `--set steps=10`).
        let (everyCell, oneCell) = (overrides.filter { $0.cell == nil }, overrides.filter { $0.cell != nil })
        for cell in chapter.cells {
            let given = everyCell + oneCell.filter { $0.cell == cell.index }
            do { cells.append(try registry.resolve(cell, overrides: given)) } catch { problems += error.all }
        }
        for override in oneCell {
            guard let index = override.cell else { continue }
            let name = override.parameter.name
            guard let cell = chapter.cells.first(where: { $0.index == index }) else {
                let steps = chapter.cells.count == 1 ? "1 step" : "\(chapter.cells.count) steps"
                problems.append(Diagnostic(override.location.atColumn(1), chapter.cells.isEmpty
                    ? "\(chapter.name) has no steps to set a parameter of"
                    : "\(chapter.name) has \(steps); a --set for one step names it from 1 to \(chapter.cells.count)"))
                continue
            }
            guard let step = registry.step(named: cell.info.step), step.parameter(named: name) == nil else { continue }
            problems.append(Diagnostic(override.location.atColumn(1), step.noParameter(name, subject: "step \(index), '\(step.name)',")))
        }
        // A value one step refuses and another takes (`steps=100`: adamSteps stops at 50,
        // sgdVersusAdam goes to 2000) can still be given to the one that takes it.
        problems = problems.map { problem in
            guard let override = everyCell.first(where: { $0.location.path == problem.location.path }) else { return problem }
            let takers = chapter.cells.filter { registry.step(named: $0.info.step)?.parameter(named: override.parameter.name) != nil }
            guard takers.count > 1 else { return problem }
            var hinted = problem
            hinted.message += "; to set it for one step alone, write --set N.\(Excerpt.of(override.parameter.name))=VALUE, "
                + "N one of \(takers.map { String($0.index) }.joined(separator: ", "))"
            return hinted
        }
        // A cell that needs what no earlier cell makes: refused before anything runs, in the
        // words `tutor check` and `tutor build` use, not found when the step fails.
        problems = (problems + BookCheck.orderProblems(in: chapter, registry: registry)).inLineOrder
        for override in everyCell where problems.isEmpty {
            let name = override.parameter.name
            let takers = cells.filter { $0.step.parameter(named: name)?.applies(in: $0.arguments.values) == true }
            // Every step that takes it has its own `--set N.key`, which wins: this one sets nothing.
            let ownValues = takers.compactMap { taker in oneCell.first { $0.cell == taker.cell.index && $0.parameter.name == name } }
            if !takers.isEmpty && ownValues.count == takers.count {
                let steps = takers.count == 1 ? "step \(takers[0].cell.index), the only step that takes it" : "every step that takes it"
                problems.append(Diagnostic(override.location.atColumn(1), "this sets no step: "
                    + ownValues.map { "--set \($0.cell!).\(Excerpt.of(name))" }.joined(separator: " and ")
                    + " already set\(ownValues.count == 1 ? "s" : "") '\(Excerpt.of(name))' for \(steps); leave one of them out"))
                continue
            }
            guard takers.isEmpty else { continue }
            let names = Set(cells.flatMap { $0.step.parameters.map(\.name) }).sorted()
            problems.append(Diagnostic(override.location.atColumn(1), names.isEmpty
                ? "no step of \(chapter.name) has a parameter '\(name)': \(cells.isEmpty ? "it has no steps" : "its steps take none")"
                : "no step of \(chapter.name) has a parameter '\(name)'\(Suggestion.hint(for: name, in: names)); its parameters are: \(names.joined(separator: ", "))"))
        }
        if firstStep < 1 || firstStep > max(chapter.cells.count, 1) {
            let steps = chapter.cells.count == 1 ? "1 step" : "\(chapter.cells.count) steps"
            problems.append(Diagnostic(SourceLocation(path: "--step \(firstStep)", line: 0, column: 0), chapter.cells.isEmpty
                ? "\(chapter.name) has no steps; leave --step out to read it"
                : "\(chapter.name) has \(steps); --step counts from 1 to \(chapter.cells.count)"))
        }
        problems += DataFolderCheck.problems(in: [chapter], registry: registry, data: settings.data)
        // One bad --set value is wrong for every cell that takes it: say so once.
        problems = Self.saidOnce(problems)
        if !problems.isEmpty { throw Diagnostics(problems) }
        self.chapter = chapter
        self.cells = cells
        self.settings = settings
        self.presenter = presenter
        self.pause = pause
        self.firstStep = firstStep
    }

    /// `problems` with each said once: the same words at the same place once, and the same
    /// complaint about one `--set` from several steps once, naming them all ("parameter 'n'
    /// of steps 'plot', 'table' and 'sum' is an integer from 0 to 9; ...").
    static func saidOnce(_ problems: [Diagnostic]) -> [Diagnostic] {
        let stepName = /of step '([^']*)'/
        var merged: [Diagnostic] = []
        var steps: [[String]] = []
        // A problem's words with its step's name taken out, and where it is: the same complaint.
        var index: [String: Int] = [:]
        for problem in problems {
            let match = problem.message.firstMatch(of: stepName)
            let key = "\(problem.location)|\(problem.severity)|" + (match.map { problem.message.replacingCharacters(in: $0.range, with: "of step") } ?? problem.message)
            if let earlier = index[key] {
                if let name = match.map({ String($0.1) }), !steps[earlier].contains(name) { steps[earlier].append(name) }
                continue
            }
            index[key] = merged.count
            merged.append(problem)
            steps.append(match.map { [String($0.1)] } ?? [])
        }
        return zip(merged, steps).map { problem, names in
            guard names.count > 1, let match = problem.message.firstMatch(of: stepName) else { return problem }
            var said = problem
            let quoted = names.map { "'\($0)'" }
            said.message = problem.message.replacingCharacters(in: match.range,
                with: "of steps " + quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!)
            return said
        }
    }

    /// Runs the walkthrough.
    /// - Parameters:
    ///   - write: standard output. What it throws (the reader went away, the disk is full) ends
    ///     the walkthrough at once: nobody would see the steps after.
    ///   - progress: a step's progress messages (training), for a status line.
    ///   - readLine: the next line typed, or nil at the end of input.
    /// - Returns: false if the reader quit early.
    /// - Throws: the failure of a step (a `Diagnostic` at its cell), or what `write` threw.
    @discardableResult
    public func run(write: (String) throws -> Void, progress: @escaping @Sendable (String) -> Void = { _ in },
                    readLine: () -> String? = { Swift.readLine() }) throws -> Bool {
        let chapterRun = ChapterRun(cells: cells, settings: settings)
        var pendingProse: [Prose] = []
        if firstStep == 1 {
            try write(presenter.terminal.bold + TerminalSafeText.shown("\(chapter.name): \(chapter.title)") + presenter.terminal.reset + "\n\n")
        }
        for segment in chapter.segments {
            switch segment {
            case .prose(let prose):
                pendingProse.append(prose)
            case .cell(let cell):
                let ran = try chapterRun.next(progress: progress)
                guard cell.index >= firstStep else {
                    pendingProse = []
                    continue
                }
                for prose in pendingProse { try write(presenter.prose(prose) + "\n") }
                pendingProse = []
                try write(presenter.code(ran.resolved, position: cell.index, count: cells.count))
                try write(presenter.outputs(ran.outputs) + "\n")
                let isLast = cell.index == cells.count
                if pause && !isLast {
                    guard try nextStepWanted(write: write, readLine: readLine) else { return false }
                }
            }
        }
        for prose in pendingProse { try write(presenter.prose(prose)) }
        return true
    }

    /// Asks for the next step: true for Enter, false for `q` (or `quit`) or the end of input.
    /// Anything else is said not to be understood and asked again: a student who types "quit"
    /// or "next" should not find the class moved on (or not) by a guess.
    private func nextStepWanted(write: (String) throws -> Void, readLine: () -> String?) throws -> Bool {
        var prompt = "[Enter] next step, q [Enter] quit "
        while true {
            try write(presenter.terminal.dim + prompt + presenter.terminal.reset)
            guard let typed = readLine() else {
                try write("\n")
                return false
            }
            let answer = typed.trimmingCharacters(in: .whitespaces).lowercased()
            if answer.isEmpty { break }
            if answer == "q" || answer == "quit" {
                try write("\n")
                return false
            }
            prompt = "'\(TerminalSafeText.shown(Excerpt.of(typed)))' is not a key here: [Enter] next step, q [Enter] quit "
        }
        try write("\n")
        return true
    }
}
