import Foundation

/// Whether a file a chapter shows as a picture starts as a picture does.
///
/// A browser shows a picture by its bytes, not its name: a JPEG saved as `x.png` shows, but a
/// text file, an HTML page saved from the web or an empty file named `x.png` is a broken picture
/// on the page, with nobody told. So the book looks at the first bytes for any of the kinds it
/// shows (`ChapterFiles.pictureTypes`), not only the one the name says.
enum PictureSignature {
    /// Bytes read: enough for every signature below, and for an SVG's `<svg` after an XML
    /// declaration and a comment or two.
    static let headLength = 4096

    /// The kind of picture `head` (a file's first bytes) begins, or nil if none the book shows.
    static func kind(of head: [UInt8]) -> String? {
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + bytes.count && Array(head[offset ..< offset + bytes.count]) == bytes
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "PNG" }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "GIF" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "WebP" }
        if starts(Array("ftyp".utf8), at: 4) && (starts(Array("avif".utf8), at: 8) || starts(Array("avis".utf8), at: 8)) { return "AVIF" }
        // An SVG is text: its root element within the first few kilobytes, after any declaration.
        if String(decoding: head, as: UTF8.self).range(of: "<svg", options: .caseInsensitive) != nil { return "SVG" }
        return nil
    }

    /// Why the picture file at `file` (shown as `shown`) would be a broken picture, or nil.
    static func problem(in file: URL, shown: String) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }  // unreadable: `ChapterFiles.problem` says so
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: headLength)) ?? Data())
        if head.isEmpty { return "is empty: \(Excerpt.of(shown)) holds no picture" }
        guard kind(of: head) == nil else { return nil }
        let looksLike = String(decoding: head.prefix(200), as: UTF8.self).lowercased()
        let what = looksLike.contains("<html") || looksLike.contains("<!doctype") ? " (it is an HTML page: saved from the web, perhaps, instead of the picture)" : ""
        return "is not a picture: \(Excerpt.of(shown)) starts with none of the kinds the book shows (PNG, JPEG, GIF, WebP, AVIF, SVG)\(what)"
    }
}
