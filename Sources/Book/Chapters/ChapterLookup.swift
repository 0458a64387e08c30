import Foundation

extension ChapterDirectory {
    /// The chapter a person names: `chapter3`, `3`, `03`, its slug `softmax`, `03-softmax(.md)`,
    /// or its title as `tutor list` shows it (`"Why ReLU"`), in any case.
    public func chapter(named name: String) throws(Diagnostic) -> Chapter {
        if let match = chapters.first(where: { Self.name(name, means: $0.number, slug: $0.slug) }) {
            return match
        }
        // Spaces and case as a person types them: "why  relu" is "Why ReLU".
        func words(_ text: String) -> [String] { text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init) }
        let titled = chapters.filter { !words(name).isEmpty && words($0.title) == words(name) }
        if titled.count == 1 { return titled[0] }
        if titled.count > 1 {
            throw Diagnostic(.commandLine, "chapters " + titled.map { String($0.number) }.joined(separator: " and ")
                             + " are \(titled.count == 2 ? "both" : "all") titled '\(Excerpt.of(titled[0].title))': name one by its number")
        }
        // The chapter may be there but not load: say that, not that there is no such chapter.
        if let failed = diagnostics.map(\.location.path).first(where: { path in
            guard let (number, slug) = ChapterFileName.parse((path as NSString).lastPathComponent) else { return false }
            return Self.name(name, means: number, slug: slug)
        }) {
            throw Diagnostic(.commandLine, "chapter '\(Excerpt.of(name))' is \(failed), which does not load (see above)")
        }
        let list = chapters.map { "\($0.number) \($0.slug) (\($0.title))" }.joined(separator: ", ")
        // A number (or `chapterN`) is not a misspelt slug: no slug is suggested for it.
        let lowered = name.lowercased(), number = lowered.hasPrefix("chapter") ? String(lowered.dropFirst("chapter".count)) : lowered
        let hint = Int(number) != nil ? "" : Suggestion.hint(for: lowered, in: chapters.map(\.slug))
        throw Diagnostic(.commandLine,
                         "no chapter '\(Excerpt.of(name))'\(hint); the chapters are: \(list.isEmpty ? "none" : list)")
    }

    /// Whether `name` names chapter `number` with `slug`, in any of the ways `chapter(named:)`
    /// takes: `chapter3`, `3`, `03`, `softmax`, `03-softmax`, `03-softmax.md`, in any case.
    /// `tutor serve`'s `/present/…` takes the same.
    public static func name(_ name: String, means number: Int, slug: String) -> Bool {
        let lowered = name.lowercased()
        let requested = Int(lowered.hasPrefix("chapter") ? String(lowered.dropFirst("chapter".count)) : lowered)
        let stem = String(format: "%02d-%@", number, slug)
        return requested == number || lowered == slug || lowered == stem || lowered == stem + ".md"
    }

    /// Whether `name` names the chapter whose page is `pageName` (`03-softmax.html`).
    public static func name(_ name: String, meansPage pageName: String) -> Bool {
        guard pageName.hasSuffix(".html"), let (number, slug) = ChapterFileName.parse(String(pageName.dropLast(5)) + ".md") else { return false }
        return Self.name(name, means: number, slug: slug)
    }
}
