import Foundation

/// Loads every chapter of a directory: `NN-slug.md` files, checked and parsed.
///
/// A chapter that cannot be loaded does not stop the others: its diagnostics are collected and
/// the rest of the book goes on.
public struct ChapterDirectory: Sendable {
    /// Larger than any chapter a person writes; a guard against pointing at the wrong file.
    public static let maximumChapterSize = 4 * 1024 * 1024

    /// The chapters that loaded, by number.
    public var chapters: [Chapter]
    /// Why the others did not.
    public var diagnostics: [Diagnostic]
    /// The folder they were loaded from (pictures are found relative to it).
    public var folder: URL?
    /// The chapters, well named, whose files did not load (a cell's info string, the front
    /// matter, a formula): a build fails each as it fails a chapter whose cell fails, keeping its
    /// last page and its place in the contents, and builds the others. Every other problem of the
    /// folder (none, no chapters, a badly named file, a number used twice) is the whole book's.
    public var unloaded: [Unloaded] = []

    /// A chapter file that did not load: its name, and where it stands in the book.
    public struct Unloaded: Sendable, Hashable {
        public var fileName: String
        public var path: String
        public var number: Int
        /// Its page, as it would be named had it loaded (`03-softmax.html`).
        public var pageName: String
    }

    /// The diagnostics that are the whole book's, not one unloaded chapter's (see `unloaded`).
    public var bookProblems: [Diagnostic] {
        let paths = Set(unloaded.map(\.path))
        return diagnostics.filter { !paths.contains($0.location.path) }
    }

    /// Loads `directory`; `displayPath` is how diagnostics name it (`chapters`).
    public static func load(_ directory: URL, displayPath: String) -> ChapterDirectory {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            let what = manager.fileExists(atPath: directory.path) ? "it is a file, not a folder of chapters"
                : BrokenLink.problem(at: directory.path).map { "it is " + $0 } ?? "nothing by that name exists"
            return ChapterDirectory(chapters: [], diagnostics: [Diagnostic(folder: displayPath, "there is no chapters directory here: \(what)")])
        }
        let names: [String]
        do {
            // Every Markdown-looking name, in any case: `07-x.MD` or `7-x.md` skipped in silence
            // would be a chapter missing from the book with nobody told. A bad name is reported.
            names = try manager.contentsOfDirectory(atPath: directory.path).filter(ChapterFileName.looksLikeChapter).sorted()
        } catch {
            // Foundation's own words are "The operation could not be completed" for every cause;
            // the system's error under it says which (too many open files, permission denied).
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = underlying?.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(underlying!.code))).lowercased()
                : error.localizedDescription
            return ChapterDirectory(chapters: [], diagnostics: [Diagnostic(folder: displayPath, "cannot list the chapters directory: \(reason)")])
        }
        guard !names.isEmpty else {
            return ChapterDirectory(chapters: [], diagnostics: [Diagnostic(folder: displayPath, "no chapters (NN-slug.md files) in this directory")])
        }
        var chapters: [Chapter] = []
        var diagnostics: [Diagnostic] = []
        var unloaded: [Unloaded] = []
        for name in names {
            let path = displayPath.isEmpty ? name : (displayPath.hasSuffix("/") ? displayPath + name : displayPath + "/" + name)
            guard ChapterFileName.parse(name) != nil else {
                // Said here, where the other names are known, so a suggested name is a free one.
                diagnostics.append(Diagnostic(file: path, ChapterFileName.complaint(about: name, besides: names)))
                continue
            }
            do {
                let text = try readChapter(directory.appendingPathComponent(name), path: path)
                chapters.append(try Chapter.parse(text, path: path, fileName: name))
                continue
            } catch let error as Diagnostic {
                diagnostics.append(error)
            } catch let error as Diagnostics {
                diagnostics += error.all
            } catch {
                diagnostics.append(Diagnostic(file: path, "\(error)"))
            }
            // Well named, its contents at fault: the chapter is there, and did not load.
            if let (number, slug) = ChapterFileName.parse(name), ChapterFileName.numberMeant(bySlug: slug) == nil {
                unloaded.append(Unloaded(fileName: name, path: path, number: number, pageName: String(name.dropLast(3)) + ".html"))
            }
        }
        // Two files with one number would make two pages fight over one place in the book: every
        // file of the number is said, whether it loaded or not (one that did not has its number still).
        let paths = chapters.map { ($0.number, $0.path) } + unloaded.map { ($0.number, $0.path) }
        let byNumber = Dictionary(grouping: paths, by: \.0)
        for (number, same) in byNumber where same.count > 1 {
            let files = same.map(\.1).sorted().joined(separator: " and ")
            for (_, path) in same {
                diagnostics.append(Diagnostic(file: path, String(format: "chapter number %02d is used by both %@", number, files)))
            }
        }
        unloaded = unloaded.filter { byNumber[$0.number]!.count == 1 }
        // One slug, one set of image names, one answer to `tutor run SLUG`.
        let bySlug = Dictionary(grouping: chapters, by: \.slug)
        for (slug, same) in bySlug where same.count > 1 {
            let files = same.map(\.path).sorted().joined(separator: " and ")
            for chapter in same {
                diagnostics.append(Diagnostic(file: chapter.path, "the name '\(slug)' is used by both \(files)"))
            }
        }
        chapters = chapters.filter { byNumber[$0.number]!.count == 1 && bySlug[$0.slug]!.count == 1 }.sorted { $0.number < $1.number }
        return ChapterDirectory(chapters: chapters, diagnostics: diagnostics.sorted { $0.location.path < $1.location.path }, folder: directory,
                                unloaded: unloaded)
    }

    /// A chapter file's text, after checking it is a readable, non-empty, sane-sized UTF-8 file.
    public static func readChapter(_ url: URL, path: String) throws(Diagnostic) -> String {
        let data = try ChapterFile.contents(of: url, path: path, maximumSize: maximumChapterSize)
        guard !data.isEmpty else { throw Diagnostic(file: path, "the chapter is empty") }
        if let encoding = ChapterFile.foreignEncoding(of: data) {
            throw Diagnostic(file: path, "the chapter is \(encoding) (it starts with that encoding's byte-order mark); save it as UTF-8")
        }
        if let nul = data.firstIndex(of: 0) {
            throw Diagnostic(UTF8Check.location(ofByte: nul - data.startIndex, in: data, path: path),
                             "the chapter holds a NUL byte here: it is not a text file, or is saved as UTF-16; save it as UTF-8 text")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Diagnostic(UTF8Check.firstInvalidByte(in: data, path: path),
                             "the chapter is not valid UTF-8 here: it was saved in another encoding (Latin-1, Windows-1252?); save it as UTF-8 text")
        }
        return text
    }
}

/// Finds where a byte sequence stops being UTF-8, to point at it.
enum UTF8Check {
    static func firstInvalidByte(in data: Data, path: String) -> SourceLocation {
        let bytes = [UInt8](data)
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let byte = bytes[i]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return SourceLocation(path: path, line: line, column: column(of: i, lineStart: lineStart, in: bytes))
            }
            guard i + length <= bytes.count,
                  String(validating: bytes[i..<i + length], as: UTF8.self) != nil else {
                return SourceLocation(path: path, line: line, column: column(of: i, lineStart: lineStart, in: bytes))
            }
            if byte == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += length
        }
        return SourceLocation(path: path, line: line, column: column(of: i, lineStart: lineStart, in: bytes))
    }

    /// The location of byte `offset` of `data`, whose bytes before it are valid UTF-8.
    static func location(ofByte offset: Int, in data: Data, path: String) -> SourceLocation {
        let bytes = [UInt8](data.prefix(offset + 1))
        let lineStart = (bytes[..<offset].lastIndex(of: 0x0A) ?? -1) + 1
        let line = bytes[..<offset].filter { $0 == 0x0A }.count + 1
        return SourceLocation(path: path, line: line, column: column(of: offset, lineStart: lineStart, in: bytes))
    }

    /// Characters, not bytes, as every column: the line up to `offset` is valid UTF-8.
    private static func column(of offset: Int, lineStart: Int, in bytes: [UInt8]) -> Int {
        String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
    }
}
