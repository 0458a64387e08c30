/// A chapter's raw HTML (`raw-html: true`) may not take over the page's own elements.
///
/// The page around the chapter's HTML is tutor's: each cell is a `<section id="cell-N">`, the
/// controls of an explorable chapter read their data from `#tutor_explore` and their variants from
/// `<template id="variant_N">`, each heading has its anchor, `tutor serve` adds `#live_banner` and
/// `#slide-counter`. A browser finds an element by id from the top of the page, so an element of
/// the chapter's with one of those ids is found instead, and every control stops working; a
/// `<table>` or `<div>` never closed takes the rest of the page, cells included, inside it (a
/// `<b>` never closed makes it bold); a `</div>` or `</p>` that closes nothing the chapter opened
/// is a mistake too (a browser ignores the one and ends the page's paragraph at the other, but
/// something else was meant). Each is an error at the tag, as
/// the page would otherwise be built wrong with nobody told.
enum RawHTMLCheck {
    /// Ids the page gives elements of its own, whatever the chapter.
    static let pageIDs: Set<String> = ["tutor_explore", "live_banner", "slide-counter"]

    /// Elements that never have a closing tag.
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                            "source", "track", "wbr"]
    /// Elements whose closing tag may be left out: the browser closes them where the next begins.
    static let optionalClose: Set<String> = ["p", "li", "dt", "dd", "rt", "rp", "optgroup", "option", "colgroup", "caption",
                                             "thead", "tbody", "tfoot", "tr", "td", "th"]

    /// The problems of `tags` (in the order written) on a page with these headings.
    static func problems(_ tags: [RawHTMLTag], headings: [Heading]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let anchors = Dictionary(headings.filter { !$0.anchor.isEmpty }.map { ($0.anchor, $0) }, uniquingKeysWith: { first, _ in first })
        var given: [String: SourceLocation] = [:]
        // Per element name, the opening tags not yet closed.
        var open: [String: [SourceLocation]] = [:]
        for tag in tags {
            if tag.isClosing {
                guard !voidElements.contains(tag.name) else { continue }
                if !open[tag.name, default: []].isEmpty {
                    open[tag.name]!.removeLast()
                } else {
                    // A stray `</p>` too: in a paragraph it ends the page's own `<p>` there, and
                    // what follows is laid out outside it.
                    problems.append(Diagnostic(tag.location, "this '</\(tag.name)>' closes no '<\(tag.name)>' opened before it in "
                        + "this chapter; remove it, or open the element it was meant to close"))
                }
                continue
            }
            if !voidElements.contains(tag.name) { open[tag.name, default: []].append(tag.location) }
            guard let id = tag.id, let at = tag.idLocation else { continue }
            if let problem = reserved(id) {
                problems.append(Diagnostic(at, "the id '\(Excerpt.of(id))' is \(problem), and the browser would find this "
                    + "element in its place; choose another id"))
            } else if let heading = anchors[id] {
                problems.append(Diagnostic(at, "the id '\(Excerpt.of(id))' is already the anchor of the heading "
                    + "'\(Excerpt.of(heading.text))' on line \(heading.line); choose another id"))
            } else if let first = given[id] {
                problems.append(Diagnostic(at, "the id '\(Excerpt.of(id))' is already given on line \(first.line), "
                    + "column \(first.column); an id names one element of the page"))
            } else {
                given[id] = at
            }
        }
        for (name, places) in open.sorted(by: { $0.key < $1.key }) where !optionalClose.contains(name) {
            for place in places {
                problems.append(Diagnostic(place, "this '<\(name)>' is never closed: the rest of the page, cells included, "
                    + "would be inside it; close it with '</\(name)>'"))
            }
        }
        return problems.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    /// Why `id` is the page's own, if it is: a cell's section, an explorable variant, or one of `pageIDs`.
    static func reserved(_ id: String) -> String? {
        func numbered(_ prefix: String) -> Bool {
            id.hasPrefix(prefix) && id.count > prefix.count && id.dropFirst(prefix.count).allSatisfy { $0.isASCII && $0.isNumber }
        }
        if numbered("cell-") { return "the form of the page's own ids for its cells (cell-1, cell-2, …)" }
        if numbered("variant_") { return "the form of the page's own ids for the variants of its controls (variant_1, …)" }
        if pageIDs.contains(id) { return "one the page gives an element of its own" }
        return nil
    }
}
