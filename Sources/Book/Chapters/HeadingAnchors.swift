import Foundation

/// Gives each heading of a chapter an `id`: its words in lower case joined by dashes
/// (`## Why ReLU?` -> `why-relu`), so a link to a section survives rebuilds and edits elsewhere
/// in the chapter, and stays readable in the address bar.
enum HeadingAnchors {
    /// Sets `anchor` on every heading of `segments`, unique within the page: a repeated heading
    /// gets `-1`, `-2`..., as GitHub numbers them (so `05-adam.md#adam-1`, the second "Adam",
    /// names the same section on GitHub and in the book), and no heading takes a name from
    /// `reserved` (the cells' `cell-N`).
    static func assign(_ segments: inout [Segment], reserved: Set<String>) {
        var taken = reserved
        // The suffix each base reached, so the next repeat counts on from there: counting up from 1
        // each time made a chapter of 20,000 equal headings take 25 s.
        var lastSuffix: [String: Int] = [:]
        for s in segments.indices {
            guard case .prose(var prose) = segments[s] else { continue }
            for b in prose.blocks.indices {
                guard case .heading(var heading) = prose.blocks[b] else { continue }
                let base = slug(heading.text)
                var anchor = base, n = lastSuffix[base] ?? 0
                while taken.contains(anchor) {
                    n += 1
                    anchor = "\(base)-\(n)"
                }
                lastSuffix[base] = n
                taken.insert(anchor)
                heading.anchor = anchor
                prose.blocks[b] = .heading(heading)
            }
            segments[s] = .prose(prose)
        }
    }

    /// Letters and numerals in lower case, of any script, every other run of characters one dash;
    /// `section` when nothing is left (a heading of only math or symbols). A Latin letter loses its
    /// accent (`Élan` -> `elan`, as the book always wrote them); a letter of another script is kept
    /// as it is (`Привет` -> `привет`, `你好` -> `你好`, as GitHub keeps them): dropping them made
    /// every such heading `section`, `section-1`, ..., renumbered by each heading put before it.
    static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for character in text.lowercased() {
            let shown = character.isASCII ? String(character) : latinFolded(character) ?? String(character)
            for scalar in shown.unicodeScalars {
                if CharacterSet.alphanumerics.contains(scalar) {
                    if pendingDash, !slug.isEmpty { slug += "-" }
                    pendingDash = false
                    slug.unicodeScalars.append(scalar)
                } else {
                    pendingDash = true
                }
            }
            // A heading is a line of text; a page address need not carry all of a very long one.
            if slug.utf8.count >= 60 { break }
        }
        return slug.isEmpty ? "section" : finalSigma(slug)
    }

    /// Greek `σ` that ends a word written as `ς`, as a browser lower-cases it (and GitHub's anchors
    /// have it): the letter's lower case depends on its place, which lower-casing letter by letter
    /// does not know.
    private static func finalSigma(_ slug: String) -> String {
        guard slug.contains("σ") else { return slug }
        let letters = Array(slug)
        return String(letters.indices.map { i in
            let ends = i + 1 == letters.count || !letters[i + 1].isLetter
            return letters[i] == "σ" && i > 0 && letters[i - 1].isLetter && ends ? "ς" : letters[i]
        })
    }

    /// A letter with its accents taken off, if that leaves plain ASCII (`É` -> `e`, `ñ` -> `n`);
    /// nil for any other (`й` or `が` would become another letter).
    private static func latinFolded(_ character: Character) -> String? {
        let folded = String(character).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
        return folded.allSatisfy(\.isASCII) ? folded : nil
    }
}
