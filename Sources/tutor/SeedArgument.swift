import ArgumentParser
import Book

/// A seed given on the command line (`build`, `run`, `train`), kept as typed: any whole number is
/// read, so that one out of range is refused with the range (`--seed -1`, `--seed 2^64`) instead of
/// a bare "is invalid". The range is that of `seed` in book.toml and a chapter's front matter, so a
/// seed a book uses can be given to `tutor train` too.
struct SeedArgument: ExpressibleByArgument, Sendable {
    static let range = Bound<UInt64>(0, .max)

    /// What was typed, and its value if it is in `range`.
    let text: String
    let value: UInt64?

    /// Any text: what is not a whole number in range is refused by `validated`, with the range.
    /// Read by the rule of `book.toml` and front matter (`SeedText`): `+3`, `-0`, `1_000`; not `007`.
    init?(argument: String) {
        text = argument
        value = SeedText.value(argument)
    }

    init(_ value: UInt64) { (text, self.value) = (String(value), value) }

    var defaultValueDescription: String { text }

    /// The seed, or a message naming `option` and the range.
    func validated(_ option: String) throws -> UInt64 {
        guard let value else {
            let reason = SeedText.reason(text)
            throw ValidationError("\(option) must be a whole number \(Self.range) (got '\(Excerpt.of(text))')" + (reason.isEmpty ? "." : reason + "."))
        }
        return value
    }
}
