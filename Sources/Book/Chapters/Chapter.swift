import Foundation
import Hashing

/// One chapter of the book, parsed: prose and tagged cells, in order.
public struct Chapter: Sendable {
    /// The path diagnostics print, e.g. `chapters/03-softmax.md`.
    public var path: String
    /// From the file name's two-numeral prefix.
    public var number: Int
    /// From the file name after the prefix (`softmax`); names the page (`03-softmax.html`).
    public var slug: String
    /// The first `#` heading.
    public var title: String
    public var options: ChapterOptions
    public var segments: [Segment]
    /// The SHA-256 of the chapter's text: a drawn page is reused only for the very same text.
    public var sourceDigest = ""
    /// The links and pictures of its prose, where they are written (see `LinkCheck`).
    public var references: [LinkReference] = []
    /// Fences of plain Swift code with a word after the language (`StepRegistry.untaggedCells`).
    public var labelledFences: [LabelledFence] = []
    /// What the page leaves out of the chapter's prose, or shows otherwise than it was meant, as warnings.
    public var proseWarnings: [Diagnostic] = []

    public init(path: String, number: Int, slug: String, title: String, options: ChapterOptions, segments: [Segment]) {
        self.path = path
        self.number = number
        self.slug = slug
        self.title = title
        self.options = options
        self.segments = segments
    }

    /// The `##` headings, in order: the sections the contents page lists.
    public var sections: [Heading] {
        segments.flatMap { segment -> [Heading] in
            guard case .prose(let prose) = segment else { return [] }
            return prose.headings.filter { $0.level == 2 }
        }
    }

    /// The tagged cells, in order.
    public var cells: [Cell] {
        segments.compactMap { if case .cell(let cell) = $0 { cell } else { nil } }
    }

    /// The `id` of a cell's section on the page: `cell-3`.
    public static func cellAnchor(_ index: Int) -> String { "cell-\(index)" }

    /// The page's file name, e.g. `03-softmax.html`.
    public var pageName: String { String(format: "%02d-%@.html", number, slug) }

    /// "chapter3": what `tutor run` accepts, besides the number and the slug.
    public var name: String { "chapter\(number)" }

    /// Parses a chapter's text. `fileName` (`03-softmax.md`) gives the number and the slug.
    public static func parse(_ text: String, path: String, fileName: String) throws(Diagnostics) -> Chapter {
        guard let (number, slug) = ChapterFileName.parse(fileName) else {
            throw Diagnostics([Diagnostic(file: path, ChapterFileName.complaint(about: fileName))])
        }
        if let meaning = ChapterFileName.numberMeant(bySlug: slug) {
            throw Diagnostics([Diagnostic(file: path, "the name '\(slug)' reads as chapter \(meaning) (`tutor run \(slug)` means it), "
                                          + "so this chapter could not be named; give it a name of words, such as \(String(format: "%02d", number))-topic.md")])
        }
        let options: ChapterOptions
        let body: String
        do {
            (options, body) = try FrontMatter.split(ChapterText.normalized(text), path: path)
        } catch {
            throw Diagnostics([error])
        }
        let document = try CommonMark.parse(body, path: path, allowRawHTML: options.rawHTML)
        guard let title = document.title, !title.isEmpty else {
            throw Diagnostics([Diagnostic(file: path, document.title == nil ? "the chapter has no title: start it with a '# Title' heading"
                                                        : "the chapter's first '#' heading is empty: write its title after the '#'")])
        }
        var segments: [Segment] = []
        var diagnostics: [Diagnostic] = []
        var cellCount = 0
        for block in document.blocks {
            switch block {
            case .prose(let prose):
                segments.append(.prose(prose))
            case .fence(let fence):
                do {
                    let info = try InfoString.parse(fence.info)
                    cellCount += 1
                    segments.append(.cell(Cell(index: cellCount, fence: fence, info: info)))
                } catch {
                    // Both columns count characters, so they add up.
                    diagnostics.append(Diagnostic(fence.location.atColumn(fence.infoColumn + error.column - 1), error.message))
                }
            }
        }
        if !diagnostics.isEmpty { throw Diagnostics(diagnostics) }
        HeadingAnchors.assign(&segments, reserved: Set((0...cellCount).map(Chapter.cellAnchor)))
        if options.rawHTML {
            let headings = segments.flatMap { segment -> [Heading] in if case .prose(let prose) = segment { prose.headings } else { [] } }
            let problems = RawHTMLCheck.problems(document.rawTags, headings: headings)
            if !problems.isEmpty { throw Diagnostics(problems) }
        }
        var chapter = Chapter(path: path, number: number, slug: slug, title: title, options: options, segments: segments)
        chapter.sourceDigest = SHA256.hex(text)
        chapter.references = document.references
        chapter.labelledFences = document.labelledFences
        chapter.proseWarnings = document.proseWarnings
        return chapter
    }
}

/// A chapter's content in order: prose, then a cell, then prose...
public enum Segment: Sendable {
    case prose(Prose)
    case cell(Cell)
}

/// A tagged cell: where it is, the step it names and its parameters as written.
public struct Cell: Sendable, Hashable {
    /// 1 for the chapter's first cell.
    public var index: Int
    public var fence: Fence
    public var info: InfoString

    public init(index: Int, fence: Fence, info: InfoString) {
        self.index = index
        self.fence = fence
        self.info = info
    }

    /// Where the fence starts.
    public var location: SourceLocation { fence.location }

    /// The place in the file of a column of the info string (as `InfoString` counts them).
    public func location(ofInfoColumn column: Int) -> SourceLocation {
        fence.location.atColumn(fence.infoColumn + column - 1)
    }
}

/// `03-softmax.md` -> (3, "softmax").
enum ChapterFileName {
    /// The chapter file a link names, however it is written (`02-relu.md`, `./02-relu.md`,
    /// `figures/../02-relu.md?v=2#why`, `%30%32-relu.md`, or its page, `02-relu.html`), with the
    /// link's `#fragment` ("" if none); nil for a link to anything else.
    static func chapterLinked(by destination: String) -> (file: String, fragment: String)? {
        let hash = destination.firstIndex(of: "#")
        let fragment = hash.map { String(destination[$0...]) } ?? ""
        let path = String(destination[..<(hash ?? destination.endIndex)].prefix { $0 != "?" })
        guard !path.hasPrefix("/"), URLSafety.scheme(of: path) == nil else { return nil }
        let decoded = path.removingPercentEncoding ?? path
        var parts: [Substring] = []
        for part in decoded.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        guard parts.count == 1, !decoded.hasSuffix("/") else { return nil }
        return chapterFile(named: String(parts[0])).map { ($0, fragment) }
    }

    /// The chapter file a name is, or whose page it is: `02-relu.md` for `02-relu.md` and
    /// `02-relu.html`; nil for any other name.
    static func chapterFile(named name: String) -> String? {
        if parse(name) != nil { return name }
        if name.hasSuffix(".html"), parse(String(name.dropLast(5)) + ".md") != nil { return String(name.dropLast(5)) + ".md" }
        return nil
    }

    /// A link to a chapter's file (`02-relu.md`, `02-relu.md#why`), as one writes it to read the
    /// chapters on GitHub, goes to the chapter's page (`02-relu.html#why`) in the book: no page
    /// of the book is named `.md`. Other destinations are left as written. The same for a
    /// Markdown link and a raw HTML `<a href>`.
    static func pageLinked(by url: String) -> String {
        // However it is written: `./02-relu.md?x#why` is `02-relu.html#why` too.
        guard let linked = chapterLinked(by: url) else { return url }
        return linked.file.dropLast(3) + ".html" + linked.fragment
    }

    static func parse(_ name: String) -> (number: Int, slug: String)? {
        let bytes = Array(name.utf8)
        guard bytes.count > 6, name.hasSuffix(".md"),
              bytes[0].isASCIINumeral, bytes[1].isASCIINumeral, bytes[2] == UInt8(ascii: "-") else { return nil }
        let slug = String(decoding: bytes[3..<(bytes.count - 3)], as: UTF8.self)
        guard !slug.isEmpty, slug.utf8.allSatisfy({ $0.isASCIINumeral || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }) else {
            return nil
        }
        return (Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48), slug)
    }

    /// Extensions a Markdown file may have; a file in `chapters/` with one of them is meant as a
    /// chapter, so a name that does not parse is an error, never silently skipped.
    static let markdownExtensions: Set<String> = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt", "mdtext"]

    /// Whether a file in `chapters/` is meant as a chapter: a Markdown extension in any case.
    /// A README (`README.md`, any case) is the folder's notes, as in any repository, not a
    /// chapter misnamed.
    static func looksLikeChapter(_ name: String) -> Bool {
        guard !name.hasPrefix("."), let dot = name.lastIndex(of: ".") else { return false }
        if name[..<dot].lowercased() == "readme" { return false }
        return markdownExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// Why `name` is not a chapter's file name, with the name it probably should have.
    /// The chapter number a slug would be taken for by `ChapterLookup` (`3`, `03`, `chapter3`),
    /// which looks for numbers first: a chapter with that slug could never be named.
    static func numberMeant(bySlug slug: String) -> Int? {
        let numerals = slug.hasPrefix("chapter") ? String(slug.dropFirst("chapter".count)) : slug
        guard !numerals.isEmpty, numerals.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(numerals.prefix(18))
    }

    /// `others` are the folder's other file names: a suggested name whose number one of them
    /// already has would trade this complaint for "chapter number 01 is used by both", so the
    /// message names the clash and a number that is free.
    static func complaint(about name: String, besides others: [String] = []) -> String {
        var message = "a chapter file is named NN-slug.md (two numerals, a dash, a name in lower case), not '\(Excerpt.of(name))'"
        guard let suggestion = suggestedName(for: name), suggestion != name, let (number, slug) = parse(suggestion) else { return message }
        let taken = Dictionary(others.compactMap { other in parse(other).map { ($0.number, other) } }, uniquingKeysWith: min)
        if let holder = taken[number], holder != name {
            message += String(format: "; '%@' would share the number %02d with %@", Excerpt.of(suggestion), number, Excerpt.of(holder))
            // The first free number after the one meant, so the chapter stays as near its place as it can.
            if let free = (Array(number..<100) + Array(0..<number)).first(where: { taken[$0] == nil }) {
                message += String(format: ": rename it with a free number, such as '%02d-%@.md'", free, slug)
            }
        } else {
            message += "; rename it '\(Excerpt.of(suggestion))'"
        }
        return message
    }

    /// `7_Softmax.MD` -> `07-softmax.md`, when the name starts with a number.
    static func suggestedName(for name: String) -> String? {
        let stem = name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
        let numerals = stem.prefix { $0.isASCII && $0.isNumber }
        guard let number = Int(numerals), number < 100 else { return nil }
        // Accents folded as headings' anchors fold them: `02-ünï.md` -> `02-uni.md`, not `02-n.md`.
        let slug = stem.dropFirst(numerals.count).drop { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." }
            .folding(options: [.diacriticInsensitive], locale: Locale(identifier: "en"))
            .lowercased().map { $0 == " " || $0 == "." ? "-" : $0 }
        let cleaned = String(slug).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        guard !cleaned.isEmpty else { return nil }
        return String(format: "%02d-%@.md", number, cleaned)
    }
}

extension SourceLocation {
    func atColumn(_ column: Int) -> SourceLocation { SourceLocation(path: path, line: line, column: column) }
}

private extension UInt8 {
    var isASCIINumeral: Bool { self >= 48 && self <= 57 }
}
