import Synchronization

/// User text quoted in a message, cut short: a 1 MB key in a chapter must not become a 1 MB
/// error line. Every message that echoes what a teacher wrote quotes it through here.
public enum Excerpt {
    /// Longer than any name a person types, short enough to read on one terminal line.
    public static let maximumLength = 60

    /// `text` as is if it is short, else its first `maximumLength` characters and an ellipsis;
    /// control characters are shown as `U+XXXX` so that they cannot garble a terminal.
    public static func of(_ text: some StringProtocol, maximumLength: Int = Excerpt.maximumLength) -> String {
        var out = ""
        var count = 0
        for character in text {
            if count == maximumLength { return out + "…" }
            if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                out += character.unicodeScalars.map { Excerpt.name(of: $0) }.joined()
            } else {
                out.append(character)
            }
            count += 1
        }
        return out
    }

    /// A code fence as a message names it: itself up to 12 characters (```` ```` ````), longer ones
    /// by their first three and their length ("```…(300 backticks)"), which says how long the
    /// closing line must be without printing it.
    public static func fence(of marker: Character, length: Int) -> String {
        guard length > 12 else { return String(repeating: marker, count: length) }
        return String(repeating: marker, count: 3) + "…(\(length) \(marker == "`" ? "backticks" : "tildes"))"
    }

    /// `text` with every control character but newline and tab shown as `U+XXXX`, and the
    /// bidirectional overrides and isolates too: a message echoes paths and values a user or a
    /// file supplied, and printed raw, an ESC in one could move the cursor or recolour the
    /// terminal, and U+202E could show the rest of the line reversed. The last step before a
    /// message reaches standard error. (A newline or tab in a path component a user supplied is
    /// shown too, by the stream that writes the message: see `noteTyped`.)
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: hidden) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if hidden(scalar) { out += name(of: scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// A path in a message, on one line whatever it holds: its control characters, newlines
    /// included, shown as `U+XXXX`. (`chapters/x.md:3:1` must stay one line to be read as a place.)
    public static func path(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: { hidden($0) || $0 == "\n" || $0 == "\t" }) else { return path }
        return printable(path).replacing("\n", with: "U+000A").replacing("\t", with: "U+0009")
    }

    /// Tells `typedComponentsShown` about text a user supplied that messages may quote as part of a path (the
    /// command line, the environment, the current folder, a setting): those of its path components
    /// that hold a line break or a tab. A message cannot keep a newline a user typed apart from
    /// the ones it was written with, and paths reach messages in many ways (joined to a file name,
    /// made absolute, inside a library's error); each such component, wherever it shows up in
    /// a message, is shown as `Excerpt.path` shows it, so `file:line:column` and "folder: what is
    /// wrong" stay on one line in every message, present and future.
    public static func noteTyped(_ text: String) {
        // (Not a component of line breaks and blanks alone: every line break of every message would go.)
        let components = text.split(separator: "/").filter { component in
            (component.contains("\n") || component.contains("\t") || component.contains("\r\n"))
                && component.contains { !$0.isWhitespace }
        }
        guard !components.isEmpty else { return }
        typedComponents.withLock { known in
            for component in components where !known.contains(String(component)) { known.append(String(component)) }
            // The longest first, so that a component inside another is not replaced first.
            known.sort { $0.count > $1.count }
        }
    }

    private static let typedComponents = Mutex<[String]>([])

    /// `text` with every noted component (see `noteTyped`) shown as `Excerpt.path` shows it: what
    /// a program's standard streams do to everything they write.
    public static func typedComponentsShown(_ text: String) -> String {
        typedComponents.withLock { known in
            known.reduce(text) { text, component in
                // The component as typed, or as a message that showed its other controls already has it.
                [component, printable(component)].reduce(text) { text, form in
                    text.contains(form) ? text.replacing(form, with: path(component)) : text
                }
            }
        }
    }

    /// What a terminal would act on (`TerminalSafeText.isControl`), and a carriage return: in a
    /// message it would send the cursor back over what the line said.
    private static func hidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\r" || TerminalSafeText.isControl(scalar)
    }

    /// `U+200B`: how a message names a character that cannot be seen.
    public static func name(of scalar: Unicode.Scalar) -> String {
        "U+" + hexadecimal(of: scalar, uppercase: true)
    }

    /// The scalar's code point in hexadecimal, four places at least: `200B`, `1F600`.
    public static func hexadecimal(of scalar: Unicode.Scalar, uppercase: Bool) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
