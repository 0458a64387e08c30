/// Which link targets a chapter may not use unless it opts into raw HTML.
///
/// The same rule as cmark's safe mode, which this package cannot use as is (it would also strip
/// the MathML the book inserts): `javascript:`, `vbscript:`, `file:` and `data:` are dangerous,
/// except data URLs of ordinary image types.
enum URLSafety {
    static func isDangerous(_ url: String) -> Bool {
        let lowered = url.trimmingPrefixWhitespace().lowercased()
        if lowered.hasPrefix("data:") {
            return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lowered.hasPrefix($0) }
        }
        return ["javascript:", "vbscript:", "file:"].contains { lowered.hasPrefix($0) }
    }
}

private extension String {
    func trimmingPrefixWhitespace() -> Substring { drop(while: { $0.isWhitespace || $0.isNewline }) }
}
