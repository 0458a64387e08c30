/// A reader's own values for some parameters of some cells, as the address of a served page
/// carries them: `?2.t=0.5&4.m=[[0,1,0],[1,-4,1],[0,1,0]]` (cell number, a dot, the
/// parameter's name; the value written as in a cell's info string).
///
/// Only the text is kept here: whether a value is right is for `LiveChapter.resolve`, with the
/// chapter parser's own rules.
public struct CellOverrides: Sendable, Hashable {
    /// Cell number (from 1) -> parameter name -> value as written.
    public private(set) var values: [Int: [String: String]] = [:]

    /// The longest value a reader may write: a 15×15 matrix of long numbers fits many times over.
    public static let longestValue = 8_192
    /// More than any chapter has parameters.
    public static let mostValues = 256

    public init() {}

    public var isEmpty: Bool { values.isEmpty }

    /// The first cell given a value, if any.
    public var firstCell: Int? { values.keys.min() }

    /// Reads `name=value` pairs, already percent-decoded. Names that are not `N.parameter` are
    /// not overrides: `reserved` ones (`from`) are skipped, any other is refused; so is any name
    /// given twice.
    public static func parse(_ pairs: [(name: String, value: String)], reserved: Set<String> = []) throws(OverrideError) -> CellOverrides {
        var overrides = CellOverrides()
        var count = 0
        var reservedSeen: [String: String] = [:]
        for (name, value) in pairs {
            // Two values for one name (`2.t=0.5&2.t=0.7`, `02.t` beside `2.t`, `from` twice):
            // which was meant cannot be known, so neither is taken.
            func givenTwice(_ shown: String, _ earlier: String) -> OverrideError {
                OverrideError("\(shown) is given twice, as \(Excerpt.of(earlier)) and as \(Excerpt.of(value)): give it once")
            }
            if reserved.contains(name) {
                if let earlier = reservedSeen[name] { throw givenTwice(name, earlier) }
                reservedSeen[name] = value
                continue
            }
            count += 1
            guard count <= mostValues else { throw OverrideError("more than \(mostValues) values in one address") }
            guard let dot = name.firstIndex(of: "."), let cell = Int(name[..<dot]), cell >= 0,
                  name[..<dot].allSatisfy({ $0.isASCII && $0.isNumber }), !name[name.index(after: dot)...].isEmpty else {
                throw OverrideError("'\(Excerpt.of(name))' is not a cell's parameter: write it as CELL.NAME, such as 2.t=0.5")
            }
            // (Cell 0, which no chapter has, is the resolver's to name, as any other cell it lacks.)
            guard value.utf8.count <= longestValue else {
                throw OverrideError("the value of \(Excerpt.of(name)) is longer than \(longestValue) bytes")
            }
            let parameter = String(name[name.index(after: dot)...])
            if let earlier = overrides.values[cell]?[parameter] { throw givenTwice("\(cell).\(Excerpt.of(parameter))", earlier) }
            overrides.values[cell, default: [:]][parameter] = value
        }
        return overrides
    }

    /// `2.t=0.5&4.n=7`, sorted, percent-encoded: the same values always make the same text.
    public var queryText: String {
        values.keys.sorted().flatMap { cell in
            values[cell]!.keys.sorted().map { name in
                "\(cell).\(QueryEncoding.encode(name))=\(QueryEncoding.encode(values[cell]![name]!))"
            }
        }.joined(separator: "&")
    }
}

/// An address whose values cannot be read at all (a name that is not CELL.NAME, a value too long).
public struct OverrideError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Percent-encoding for a query's names and values: everything but unreserved characters.
public enum QueryEncoding {
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += (byte < 16 ? "%0" : "%") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// Splits `a=1&b=%5B2%5D` into decoded pairs; nil when an escape is broken or the bytes are not UTF-8.
    public static func pairs(_ query: String) -> [(name: String, value: String)]? {
        var pairs: [(String, String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let (rawName, rawValue) = part.firstIndex(of: "=").map { (part[..<$0], part[part.index(after: $0)...]) } ?? (part, "")
            guard let name = decode(rawName), let value = decode(rawValue) else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// `%XX` escapes and `+` for a space, as forms write them.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
