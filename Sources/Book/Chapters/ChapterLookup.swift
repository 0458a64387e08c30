import Foundation

extension ChapterDirectory {
    /// The chapter a person names: `chapter3`, `3`, `03`, its slug `softmax`, or `03-softmax(.md)`.
    public func chapter(named name: String) throws(Diagnostic) -> Chapter {
        let lowered = name.lowercased()
        let requested = Int(lowered.hasPrefix("chapter") ? String(lowered.dropFirst("chapter".count)) : lowered)
        if let match = chapters.first(where: { chapter in
            chapter.number == requested || chapter.slug == lowered
                || String(chapter.pageName.dropLast(5)) == lowered || String(chapter.pageName.dropLast(5)) + ".md" == lowered
        }) {
            return match
        }
        // The chapter may be there but not load: say that, not that there is no such chapter.
        if let failed = diagnostics.map(\.location.path).first(where: { path in
            guard let (number, slug) = ChapterFileName.parse((path as NSString).lastPathComponent) else { return false }
            return number == requested || slug == lowered || (path as NSString).lastPathComponent == lowered
                || (path as NSString).lastPathComponent == lowered + ".md"
        }) {
            throw Diagnostic(.commandLine, "chapter '\(Excerpt.of(name))' is \(failed), which does not load (see above)")
        }
        let list = chapters.map { "\($0.number) \($0.slug) (\($0.title))" }.joined(separator: ", ")
        let hint = Suggestion.hint(for: lowered, in: chapters.map(\.slug))
        throw Diagnostic(.commandLine,
                         "no chapter '\(Excerpt.of(name))'\(hint); the chapters are: \(list.isEmpty ? "none" : list)")
    }
}
