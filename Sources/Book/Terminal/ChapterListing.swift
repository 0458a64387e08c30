/// What `tutor list` prints: each chapter's number and title, then its steps and arguments.
public enum ChapterListing {
    public static func text(_ directory: ChapterDirectory, registry: StepRegistry) -> String {
        var text = ""
        for chapter in directory.chapters {
            // What the chapter wrote is shown as text, escape sequences and all.
            text += TerminalSafeText.shown("\(chapter.name)  \(chapter.title)  (\(chapter.path))") + "\n"
            for cell in chapter.cells {
                let arguments = TerminalSafeText.shown(cell.info.parameters.map { "\($0.name)=\($0.value.sourceText)" }.joined(separator: " "))
                let summary = registry.step(named: cell.info.step)?.summary ?? "(unknown step)"
                text += "  \(cell.index). \(TerminalSafeText.shown(cell.info.step))\(arguments.isEmpty ? "" : " " + arguments)  — \(summary)\n"
            }
        }
        return text
    }

    /// Every registered step with its parameters, for teachers writing a chapter.
    public static func steps(_ registry: StepRegistry) -> String {
        registry.steps.sorted { $0.name < $1.name }.map { step in
            let parameters = step.parameters.map { "    \($0.name): \($0.type.summary) = \($0.defaultValue.sourceText)\($0.help.isEmpty ? "" : "  — \($0.help)")" }
            return (["  \(step.name)  — \(step.summary)"] + parameters).joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }
}
