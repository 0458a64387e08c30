/// A seed as written, read by one rule wherever it is given: `book.toml`, a chapter's front
/// matter, `--seed`. (So `007` is refused everywhere, as TOML refuses it, and `1_000` taken.)
public enum SeedText {
    /// The whole number `text` names, as `book.toml` reads one: numerals with single `_` between
    /// them (`1_000`), after an optional `+` (or `-` for 0); nil for anything else.
    public static func value(_ text: String) -> UInt64? {
        let sign = text.first == "+" || text.first == "-" ? text.first : nil
        let numerals = text.dropFirst(sign == nil ? 0 : 1)
        // No leading zero (`010`, which YAML 1.1 reads as octal), as in TOML.
        guard let first = numerals.first, first.isASCII, first.isNumber, numerals.last != "_", !numerals.contains("__"),
              first != "0" || numerals.count == 1,
              numerals.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "_" }),
              let number = UInt64(numerals.replacingOccurrences(of: "_", with: "")) else { return nil }
        return sign == "-" && number != 0 ? nil : number
    }

    /// Why numerals with a leading zero are refused, wherever a whole number is read.
    static let leadingZeroRule = "starts with 0, which a whole number here may not (TOML's rule); write it without the leading zeros"

    /// Why a text that reads as a number is refused, after a message that gives the range:
    /// "" when the range says it all.
    public static func reason(_ text: String) -> String {
        let numerals = text.drop { $0 == "+" || $0 == "-" }
        guard numerals.count > 1, numerals.first == "0", numerals.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "_" }) else { return "" }
        return ": it " + leadingZeroRule
    }
}
