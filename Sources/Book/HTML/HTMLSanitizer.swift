/// Makes a chapter's raw HTML (`raw-html: true`) harmless: an allow-list of tags and attributes,
/// re-written in one canonical form.
///
/// The chapter's HTML is read as a browser's tokenizer reads it (tags with quoted, single-quoted
/// or bare attribute values, any case, comments) and every piece is written out again:
///
/// - a tag on the list, with only its listed attributes, each value decoded (`&#106;` is `j`),
///   checked, and re-escaped in double quotes;
/// - any other tag (`script`, `style`, `iframe`, `object`, `svg`, `form`, `meta`, `base`, `link`...)
///   as visible text, as when raw HTML is off, so the teacher sees what was refused;
/// - comments, dropped; every other `<` and `>` escaped.
///
/// So the browser sees only markup written here, never the chapter's own bytes where a tag could
/// start: `<IMG SRC=x ONERROR=…>`, `<svg><animate onbegin=…>` and `<a href="&#106;avascript:…">`
/// come out as `<img src="x">`, text, and `<a>`. The page's Content-Security-Policy (`PageWriter`)
/// is the second fence, should this one ever leak.
enum HTMLSanitizer {
    /// Elements a chapter may use, with the attributes each may carry besides `globalAttributes`.
    static let elements: [String: Set<String>] = {
        var elements: [String: Set<String>] = [:]
        for name in ["abbr", "b", "br", "caption", "center", "cite", "code", "dd", "dfn", "div", "dl", "dt", "em",
                     "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "mark", "p",
                     "pre", "rp", "rt", "ruby", "s", "samp", "section", "aside", "small", "span", "strong", "sub", "sup",
                     "summary", "table", "tbody", "tfoot", "thead", "tr", "u", "ul", "var", "wbr", "strike", "tt",
                     // The MathML the book itself writes, for chapters that write some by hand.
                     "math", "mi", "mn", "mo", "ms", "mtext", "mrow", "msup", "msub", "msubsup", "mfrac", "msqrt",
                     "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mspace", "mstyle", "mpadded", "mphantom"] {
            elements[name] = []
        }
        elements["a"] = ["href"]
        elements["img"] = ["src", "alt", "width", "height"]
        elements["td"] = ["colspan", "rowspan", "align"]
        elements["th"] = ["colspan", "rowspan", "align", "scope"]
        elements["ol"] = ["start", "reversed", "type"]
        elements["col"] = ["span"]
        elements["colgroup"] = ["span"]
        elements["details"] = ["open"]
        elements["blockquote"] = ["cite"]
        elements["q"] = ["cite"]
        elements["del"] = ["cite", "datetime"]
        elements["ins"] = ["cite", "datetime"]
        elements["time"] = ["datetime"]
        for name in ["math", "mo", "mspace", "mstyle", "mi", "mtable", "mover", "munder", "munderover"] {
            elements[name] = ["display", "mathvariant", "fence", "stretchy", "accent", "accentunder", "width", "separator", "columnalign"]
        }
        return elements
    }()

    static let globalAttributes: Set<String> = ["class", "id", "title", "lang", "dir", "style", "role"]
    static let urlAttributes: Set<String> = ["href", "src", "cite"]

    /// `html` with every tag allowed and re-written, and everything else as text.
    static func sanitize(_ html: String) -> String {
        var reader = Reader(html)
        var out = ""
        out.reserveCapacity(html.utf8.count)
        while let piece = reader.next() {
            switch piece {
            case .text(let text): out += text
            case .comment: break
            case .tag(let tag, let source):
                out += write(tag) ?? HTML.escapeText(source)
            }
        }
        return out
    }

    /// The address of each picture (`<img src>`) and link (`<a href>`) in `html`, as `write`
    /// reads it (the first of a repeated attribute, references decoded), with the byte offset in
    /// `html` where its value is written: for the checks a Markdown picture or link gets.
    static func addresses(in html: String) -> [(isImage: Bool, value: String, offset: Int)] {
        var reader = Reader(html)
        var found: [(isImage: Bool, value: String, offset: Int)] = []
        while let piece = reader.next() {
            guard case .tag(let tag, _) = piece, !tag.isClosing, tag.name == "img" || tag.name == "a" else { continue }
            let wanted = tag.name == "img" ? "src" : "href"
            if let index = tag.attributes.firstIndex(where: { $0.0 == wanted }) {
                found.append((tag.name == "img", tag.attributes[index].1, tag.valueOffsets[index]))
            }
        }
        return found
    }

    /// The tags of `html` that the page keeps (allowed elements, opening and closing), each with
    /// the byte offset of its `<` and, for an opening tag with an `id`, that id and the offset of
    /// its value: for the checks that the chapter's HTML leaves the page's own elements alone.
    static func tags(in html: String) -> [(name: String, isClosing: Bool, offset: Int, id: (value: String, offset: Int)?)] {
        var reader = Reader(html)
        var found: [(name: String, isClosing: Bool, offset: Int, id: (value: String, offset: Int)?)] = []
        var start = reader.index
        while let piece = reader.next() {
            defer { start = reader.index }
            guard case .tag(let tag, _) = piece, elements[tag.name] != nil else { continue }
            let id = tag.isClosing ? nil : tag.attributes.firstIndex { $0.0 == "id" }.map { (tag.attributes[$0].1, tag.valueOffsets[$0]) }
            found.append((tag.name, tag.isClosing, start, id))
        }
        return found
    }

    /// What `sanitize` leaves out of `html` or shows as text, each with the byte offset where it
    /// is written and why: a refused element's opening tag (shown as text), an attribute an
    /// element may not carry, an inline style that could fetch or hide something. Said so that a
    /// teacher learns why the page lacks what the chapter wrote; an address left out is said with
    /// the Markdown ones (`LinkCheck.droppedAddresses`), so it is not here.
    static func leftOut(in html: String) -> [(offset: Int, message: String)] {
        var reader = Reader(html)
        var found: [(offset: Int, message: String)] = []
        var start = reader.index
        while let piece = reader.next() {
            defer { start = reader.index }
            guard case .tag(let tag, _) = piece, !tag.isClosing else { continue }
            guard let allowed = elements[tag.name] else {
                found.append((start, "the page shows this '<\(Excerpt.of(tag.name))>' tag as text: a chapter's HTML may use "
                    + "elements of text, lists, tables, pictures, links and MathML, not '\(Excerpt.of(tag.name))'; to show it as text, "
                    + "write its '<' as &lt;"))
                continue
            }
            var seen: Set<String> = []
            for (index, (name, value)) in tag.attributes.enumerated() where seen.insert(name).inserted {
                // An attribute is said at its tag; a style, at the value the page leaves out.
                let at = name == "style" && index < tag.valueOffsets.count ? tag.valueOffsets[index] : start
                if !allows(name, allowed) {
                    let may = (allowed.sorted() + ["class", "id", "title", "style", "aria-*"]).joined(separator: ", ")
                    found.append((at, "the attribute '\(Excerpt.of(name))' of this '<\(tag.name)>' is left out of "
                        + "the page: a chapter's '<\(tag.name)>' may carry \(may)"))
                } else if name == "style", checked(value, attribute: name, element: tag.name) == nil {
                    found.append((at, "the style of this '<\(tag.name)>' is left out of the page: a chapter's "
                        + "inline style may set colours and sizes, but not load anything (url(...), @import, image-set) "
                        + "nor hide it (backslash escapes, comments, 'expression', 'javascript')"))
                }
            }
        }
        return found
    }

    /// The `id`s of the elements in `html` (sanitized, or as written): a link's `#fragment` may
    /// name one in a chapter with raw HTML.
    static func ids(in html: String) -> [String] {
        var reader = Reader(html)
        var found: [String] = []
        while let piece = reader.next() {
            guard case .tag(let tag, _) = piece, !tag.isClosing, let id = tag.attributes.first(where: { $0.0 == "id" }) else { continue }
            found.append(id.1)
        }
        return found
    }

    /// The tag as this sanitizer writes it, or nil if it is not allowed.
    static func write(_ tag: Tag) -> String? {
        guard let allowed = elements[tag.name] else { return nil }
        if tag.isClosing { return "</\(tag.name)>" }
        var out = "<" + tag.name
        var written: Set<String> = []
        for (name, value) in tag.attributes where written.insert(name).inserted {
            guard allows(name, allowed) else { continue }
            guard let value = checked(value, attribute: name, element: tag.name) else { continue }
            out += " \(name)=\"\(HTML.escape(value))\""
        }
        return out + ">"
    }

    /// Whether an element that may carry `allowed` keeps the attribute `name`: its own, a global
    /// one, or an `aria-` one. (Its value is checked apart, by `checked`.)
    static func allows(_ name: String, _ allowed: Set<String>) -> Bool {
        allowed.contains(name) || globalAttributes.contains(name) || name.hasPrefix("aria-")
    }

    /// The value to write, or nil to drop the attribute.
    static func checked(_ value: String, attribute: String, element: String) -> String? {
        if urlAttributes.contains(attribute) {
            let url = URLSafety.normalized(value)
            guard URLSafety.isAllowed(url, forImage: element == "img" && attribute == "src") else { return nil }
            // A chapter's file goes to its page, as in a Markdown link.
            return element == "a" && attribute == "href" ? ChapterFileName.pageLinked(by: url) : url
        }
        if attribute == "style" {
            // Inline style may set a colour or a width; it may not fetch, nor run old browsers'
            // script hooks. Escapes and comments could hide either, so they are refused too.
            let squeezed = value.lowercased().filter { !$0.isWhitespace }
            let refused = ["url(", "expression", "@import", "\\", "/*", "javascript", "behavior", "binding", "image(", "image-set(", "<"]
            return refused.contains { squeezed.contains($0) } ? nil : value
        }
        return value
    }

    // MARK: Reading

    struct Tag {
        var name: String
        var isClosing: Bool
        /// In order, names lower-cased, values with character references decoded.
        var attributes: [(String, String)]
        /// Where each attribute's value starts in the input, in bytes (its name, if it has no value).
        var valueOffsets: [Int] = []
    }

    enum Piece {
        /// Text, already escaped for HTML.
        case text(String)
        case comment
        /// A tag, and its source text (to show it as text if it is refused).
        case tag(Tag, String)
    }

    /// A tokenizer over UTF-8 bytes, after the HTML standard's, reduced to what a sanitizer needs:
    /// it only has to find where tags start and end, and anything it is unsure of becomes text.
    struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ html: String) { bytes = Array(html.utf8) }

        mutating func next() -> Piece? {
            guard index < bytes.count else { return nil }
            let start = index
            if bytes[index] == .lessThan {
                if starts(with: "<!--") {
                    guard let end = find("-->", from: index + 4) else { return restAsText() }
                    index = end + 3
                    return .comment
                }
                switch tag() {
                case .tag(let tag): return .tag(tag, String(decoding: bytes[start..<index], as: UTF8.self))
                case .notATag:
                    index = start + 1
                    return .text("&lt;")
                case .unterminated:
                    return restAsText()
                }
            }
            while index < bytes.count, bytes[index] != .lessThan { index += 1 }
            // Character references in text are left for the browser: they can only make text.
            var text = ""
            for character in String(decoding: bytes[start..<index], as: UTF8.self) {
                if character == ">" { text += "&gt;" } else { text.append(character) }
            }
            return .text(text)
        }

        /// Everything from here on, as text. For a tag or comment that never ends: a browser would
        /// swallow the rest into it too, and reading on from the next `<` would make a page of
        /// unclosed `<a x="` cost its length squared.
        mutating func restAsText() -> Piece {
            let text = String(decoding: bytes[index...], as: UTF8.self)
            index = bytes.count
            return .text(HTML.escapeText(text))
        }

        func starts(with prefix: String) -> Bool {
            let p = Array(prefix.utf8)
            return index + p.count <= bytes.count && Array(bytes[index..<index + p.count]) == p
        }

        func find(_ needle: String, from start: Int) -> Int? {
            let n = Array(needle.utf8)
            var i = start
            while i + n.count <= bytes.count {
                if bytes[i] == n[0] && Array(bytes[i..<i + n.count]) == n { return i }
                i += 1
            }
            return nil
        }

        enum TagResult {
            case tag(Tag)
            /// `<` not followed by a letter (or `/` and a letter): text.
            case notATag
            /// A tag that runs to the end of the input without its `>`.
            case unterminated
        }

        /// A start or end tag at `index` (on `<`); moves past it if there is one.
        mutating func tag() -> TagResult {
            var i = index + 1
            let isClosing = i < bytes.count && bytes[i] == .slash
            if isClosing { i += 1 }
            guard i < bytes.count, bytes[i].isASCIILetter else { return .notATag }
            let nameStart = i
            while i < bytes.count, !bytes[i].isHTMLSpace, bytes[i] != .slash, bytes[i] != .greaterThan { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
            var attributes: [(String, String)] = [], valueOffsets: [Int] = []
            while true {
                while i < bytes.count, bytes[i].isHTMLSpace || bytes[i] == .slash { i += 1 }
                guard i < bytes.count else { return .unterminated }
                if bytes[i] == .greaterThan {
                    index = i + 1
                    return .tag(Tag(name: name, isClosing: isClosing, attributes: attributes, valueOffsets: valueOffsets))
                }
                // An attribute name runs to a space, '/', '>' or '='; a leading '=' is part of it.
                let attributeStart = i
                i += 1
                while i < bytes.count, !bytes[i].isHTMLSpace, bytes[i] != .slash, bytes[i] != .greaterThan, bytes[i] != .equals { i += 1 }
                let attribute = String(decoding: bytes[attributeStart..<i], as: UTF8.self).lowercased()
                var j = i
                while j < bytes.count, bytes[j].isHTMLSpace { j += 1 }
                var value = "", valueOffset = attributeStart
                if j < bytes.count, bytes[j] == .equals {
                    j += 1
                    while j < bytes.count, bytes[j].isHTMLSpace { j += 1 }
                    guard j < bytes.count else { return .unterminated }
                    if bytes[j] == .doubleQuote || bytes[j] == .singleQuote {
                        let quote = bytes[j]
                        let valueStart = j + 1
                        valueOffset = valueStart
                        j = valueStart
                        while j < bytes.count, bytes[j] != quote { j += 1 }
                        guard j < bytes.count else { return .unterminated }
                        value = String(decoding: bytes[valueStart..<j], as: UTF8.self)
                        j += 1
                    } else {
                        let valueStart = j
                        valueOffset = valueStart
                        while j < bytes.count, !bytes[j].isHTMLSpace, bytes[j] != .greaterThan { j += 1 }
                        value = String(decoding: bytes[valueStart..<j], as: UTF8.self)
                    }
                    i = j
                }
                attributes.append((attribute, CharacterReferences.decode(value)))
                valueOffsets.append(valueOffset)
            }
        }
    }
}

/// Decodes `&#106;`, `&#x6A;` and the named references an attribute is likely to hold. Unknown
/// names stay as written; since the sanitizer re-escapes every `&`, the browser then sees exactly
/// the text that was checked.
enum CharacterReferences {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":", "sol": "/",
        "tab": "\t", "newline": "\n", "lpar": "(", "rpar": ")", "period": ".", "comma": ",", "semi": ";",
        "num": "#", "quest": "?", "equals": "=", "excl": "!", "percnt": "%", "plus": "+", "commat": "@",
    ]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[rest.index(after: amp)...]
            if rest.first == "#" {
                let body = rest.dropFirst()
                let isHex = body.first == "x" || body.first == "X"
                let numerals = (isHex ? body.dropFirst() : body).prefix { $0.isASCII && (isHex ? "0123456789abcdefABCDEF".contains($0) : $0.isNumber) }
                if !numerals.isEmpty {
                    // Browsers take a numeric reference without its ';' too, and map bad numbers to U+FFFD.
                    let number = numerals.count > 8 ? nil : UInt32(numerals, radix: isHex ? 16 : 10)
                    out.unicodeScalars.append(number.flatMap { $0 == 0 ? nil : Unicode.Scalar($0) } ?? "\u{FFFD}")
                    rest = rest[numerals.endIndex...]
                    if rest.first == ";" { rest = rest.dropFirst() }
                    continue
                }
            } else {
                let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
                if rest.dropFirst(name.count).first == ";", let value = named[name.lowercased()] {
                    out += value
                    rest = rest.dropFirst(name.count + 1)
                    continue
                }
            }
            out += "&"
        }
        return out + rest
    }
}

private extension UInt8 {
    static let lessThan = UInt8(ascii: "<"), greaterThan = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    static let equals = UInt8(ascii: "="), doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'")
    var isASCIILetter: Bool { (self >= 65 && self <= 90) || (self >= 97 && self <= 122) }
    /// The HTML tokenizer's whitespace: tab, newline, form feed, carriage return, space.
    var isHTMLSpace: Bool { self == 9 || self == 10 || self == 12 || self == 13 || self == 32 }
}
