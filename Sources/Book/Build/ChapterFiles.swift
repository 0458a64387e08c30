import Foundation
import Hashing

/// The files a chapter shows or links from its own folder: `![The network](figures/network.png)`,
/// `[the slides](slides/week-1.pdf)`.
///
/// A book is a folder of pages, opened, copied or published without its chapters, so a file
/// named by a path relative to the chapter is copied into the book at that same path
/// (`output/figures/network.png`), where the page's address finds it.
///
/// Checked before anything runs, each at its `file:line:column`: a file that is not there would be
/// a hole or a dead link on the page with nobody told; a picture outside the chapters folder
/// (`../x.png`, or a link in it to a file elsewhere) would take into the book what the chapters do
/// not hold; only picture files are shown (`.png`, `.jpg`, ...); and no path may put a file over,
/// or a folder in the place of, one of the book's own (`index.html`, a chapter's page).
/// Web addresses and `data:` pictures are the browser's to fetch, links to chapters are
/// `LinkCheck`'s, and a link to a file outside the chapters folder (`../LICENSE`) is left as
/// written, once it is known to lead to a file (`outsideLinkRefusal`).
public enum ChapterFiles {
    public struct CopiedFile: Hashable, Sendable {
        /// Where it goes in the book, relative to the pages: `figures/network.png`.
        public var path: String
        /// The file it is copied from, in the chapters folder.
        public var file: URL
        /// Where the chapter first names it.
        public var location: SourceLocation

        /// The chapters folder `file` is in: `path` below it.
        var chaptersFolder: URL {
            path.split(separator: "/").reduce(file) { folder, _ in folder.deletingLastPathComponent() }
        }
    }

    /// The kinds of picture shown, by extension, with the media type a server gives them.
    public static let pictureTypes: [String: String] = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "svg": "image/svg+xml", "webp": "image/webp", "avif": "image/avif",
    ]

    /// The largest file copied: a book is read in a browser, and `tutor serve` holds what it sends.
    public static let largestFile = 64 << 20

    /// The media type `tutor serve` gives a copied file: a picture's, or a few common documents'.
    public static func mediaType(of path: String) -> String {
        let kind = (path as NSString).pathExtension.lowercased()
        let documents = ["pdf": "application/pdf", "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8",
                         "json": "application/json", "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
                         "md": "text/plain; charset=utf-8", "swift": "text/plain; charset=utf-8", "py": "text/plain; charset=utf-8"]
        return pictureTypes[kind] ?? documents[kind] ?? "application/octet-stream"
    }

    /// The files `chapter` shows or links from `chaptersFolder`, and what is wrong with the others,
    /// at the place each is written.
    public static func find(in chapter: Chapter, chaptersFolder: URL) -> (files: [CopiedFile], problems: [Diagnostic]) {
        var files: [String: CopiedFile] = [:], problems: [Diagnostic] = []
        // How messages name the chapters folder: as the chapter's own path does (`chapters`).
        let folderShown = (chapter.path as NSString).deletingLastPathComponent
        for (reference, place) in places(in: chapter, chaptersFolder: chaptersFolder) {
            // Shown as written (`a%20b.png`), to be found in the chapter.
            let written = String(URLSafety.normalized(reference.destination).prefix { $0 != "?" && $0 != "#" })
            func refuse(_ why: String) {
                let subject = reference.isImage ? "this picture '\(Excerpt.of(written))'" : "the file this links to, '\(Excerpt.of(written))',"
                problems.append(Diagnostic(reference.location, "\(subject) \(why)"))
            }
            switch place {
            case .failure(let why):
                refuse(why.description)
            case .success(let copied):
                let shown = folderShown.isEmpty ? copied.path : folderShown + "/" + copied.path
                if let why = problem(with: copied.file, shown: shown, chaptersFolder: chaptersFolder) {
                    refuse(why)
                    continue
                }
                // Copied all the same (a browser may know a kind this does not), but said: on the
                // page it would most likely be a broken picture.
                if reference.isImage, let why = PictureSignature.problem(in: copied.file, shown: shown) {
                    problems.append(Diagnostic(reference.location, "this picture '\(Excerpt.of(written))' \(why)", severity: .warning))
                }
                if files[copied.path] == nil { files[copied.path] = copied }
            }
        }
        return (files.values.sorted { $0.path < $1.path }, problems)
    }

    /// Every file `chapter` shows or links from its own folder whose path is one the book can take,
    /// there or not: `tutor serve` looks for the file (`problem(with:)`) when a reader asks for it.
    public static func referenced(in chapter: Chapter, chaptersFolder: URL) -> [CopiedFile] {
        places(in: chapter, chaptersFolder: chaptersFolder).compactMap { try? $0.place.get() }
    }

    /// Why a file's path cannot be taken into the book.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// Each picture or link of `chapter` to a file of its own, with where the file goes in the
    /// book, or why it cannot go there.
    static func places(in chapter: Chapter, chaptersFolder: URL) -> [(reference: LinkReference, place: Result<CopiedFile, Refusal>)] {
        chapter.references.compactMap { reference in
            let address = URLSafety.normalized(reference.destination)
            // Web addresses are the browser's; those the page drops (`/x.png`, `file:`) are `URLSafety`'s.
            guard let written = relativePath(of: address, isImage: reference.isImage) else { return nil }
            let linksAChapter = !reference.isImage && ChapterFileName.chapterLinked(by: address) != nil
            if reference.isImage || (!linksAChapter && isInside(written)) {
                // `%2F` in a name would become a folder in the book while the page still asks for the
                // name with `%2F` in it, which a browser reading files does not decode.
                let encoded = address.prefix { $0 != "?" && $0 != "#" }.lowercased()
                if encoded.contains("%2f") || encoded.contains("%5c") {
                    return (reference, .failure(Refusal(description: "holds an encoded slash (%2F or %5C): write the path with '/'")))
                }
                // `a.png/` is copied as `a.png`, but no browser reading files finds it by that address.
                if written.hasSuffix("/") {
                    return (reference, .failure(Refusal(description: "ends with '/', which names a folder: name a file, without the '/'")))
                }
                // `figures//a.png` is copied as `figures/a.png`, but a browser asks for it with the
                // empty part kept (it resolves `.` and `..`, never `//`): a server finds no such file.
                if written.contains("//") {
                    return (reference, .failure(Refusal(description: "holds '//', an empty part no server finds a file by: write the path with one '/'")))
                }
            }
            if reference.isImage { return (reference, place(of: written, location: reference.location, chaptersFolder: chaptersFolder)) }
            // A link to a chapter is LinkCheck's; one that leaves the folder is left as written, if it leads somewhere.
            guard !linksAChapter else { return nil }
            guard isInside(written) else {
                return outsideLinkRefusal(written, chaptersFolder: chaptersFolder).map { (reference, .failure($0)) }
            }
            return (reference, place(ofLinked: written, location: reference.location, chaptersFolder: chaptersFolder))
        }
    }

    /// Why a link to `written`, a path that leaves the chapters folder (`../LICENSE`), cannot stay
    /// as written, or nil. The page keeps such an address as it is, for a book beside the chapters
    /// folder (the default `output/`) to find the file where the chapter does; so the file must
    /// be there, and a path that climbs out only to come back in (`../chapters/notes.txt`) is
    /// written the short way, which the book copies (or, for a chapter, links as its page).
    static func outsideLinkRefusal(_ written: String, chaptersFolder: URL) -> Refusal? {
        if isTheFolderItself(written) { return Refusal(description: "names the chapters folder itself, not a file") }
        let folder = chaptersFolder.standardizedFileURL.path
        let target = URL(fileURLWithPath: written, relativeTo: chaptersFolder.standardizedFileURL.appendingPathComponent("", isDirectory: true))
            .standardizedFileURL
        if target.path.hasPrefix(folder + "/") {
            let inside = String(target.path.dropFirst(folder.count + 1))
            return Refusal(description: "leaves the chapters folder and comes back into it: write it as '\(Excerpt.of(inside))'")
        }
        guard kind(of: target) == .missing else { return nil }
        return Refusal(description: "is not there: there is no file \(Excerpt.of(target.path)), outside the chapters folder"
                       + nearMiss(of: target))
    }

    /// `02-relu.md` or its page, `02-relu.html`: a chapter, which the book links as its page.
    static func isChapter(_ path: String) -> Bool {
        ChapterFileName.chapterFile(named: path) != nil
    }

    /// Where a picture goes in the book: only a picture file, inside the chapters folder.
    static func place(of written: String, location: SourceLocation = SourceLocation(path: "", line: 0, column: 0),
                      chaptersFolder: URL) -> Result<CopiedFile, Refusal> {
        guard isInside(written) else {
            if isTheFolderItself(written) { return .failure(Refusal(description: "names the chapters folder itself, not a file")) }
            return .failure(Refusal(description: "is outside the chapters folder: the book copies the pictures it shows from there "
                                    + "into itself; put the file in the chapters folder (figures/ say) and link it from there"))
        }
        let parts = normalizedParts(written)
        if let refusal = refusal(of: parts, linked: false) { return .failure(refusal) }
        let kind = (parts[parts.count - 1] as NSString).pathExtension.lowercased()
        guard pictureTypes[kind] != nil else {
            let kinds = pictureTypes.keys.sorted().map { "." + $0 }
            return .failure(Refusal(description: "is not a picture file the book copies: name a "
                                    + kinds.dropLast().joined(separator: ", ") + " or " + kinds.last! + " file"))
        }
        return .success(CopiedFile(path: parts.joined(separator: "/"), file: parts.reduce(chaptersFolder) { $0.appendingPathComponent($1) },
                                   location: location))
    }

    /// Where a linked file goes in the book: any file but a hidden one, or one in the book's own place.
    static func place(ofLinked written: String, location: SourceLocation = SourceLocation(path: "", line: 0, column: 0),
                      chaptersFolder: URL) -> Result<CopiedFile, Refusal> {
        let parts = normalizedParts(written)
        if let refusal = refusal(of: parts, linked: true) { return .failure(refusal) }
        return .success(CopiedFile(path: parts.joined(separator: "/"), file: parts.reduce(chaptersFolder) { $0.appendingPathComponent($1) },
                                   location: location))
    }

    /// Hidden names are not copied; the book's own files, and the folder of its pictures for a
    /// link, may be neither replaced nor turned into folders (`index.html/x.png`).
    private static func refusal(of parts: [String], linked: Bool) -> Refusal? {
        if parts.contains(where: { $0.hasPrefix(".") }) {
            return Refusal(description: "is in a hidden folder or file (its name begins with '.'), which the book does not copy; rename it")
        }
        // Compared in any case: some file systems (macOS, Windows) take `Style.CSS` for `style.css`.
        let first = parts[0].lowercased()
        if let own = ["index.html", "style.css"].first(where: { $0 == first }) ?? (linked && first == "images" ? "images" : nil) {
            return Refusal(description: "would take the place of the book's own '\(own)'; rename it or put it in a folder")
        }
        if isChapter(first) && !isChapter(parts[0]) {
            return Refusal(description: "names a chapter in other case ('\(Excerpt.of(parts[0]))'): a chapter's file is named in "
                           + "lower case, and its page too; write '\(Excerpt.of(first))'")
        }
        if isChapter(first) {
            return Refusal(description: "would take a chapter page's name ('\(Excerpt.of(parts[0]))'), which the book keeps for its chapters; rename it")
        }
        // What `tutor serve` answers itself, so a file there would be shadowed in the live book.
        if ["live.js", "api", "present", "favicon.ico"].contains(first) {
            return Refusal(description: "would take the place of tutor serve's own '\(first)'; rename it or put it in a folder")
        }
        return nil
    }

    /// The parts of a path inside its folder, without `.` and with each `..` taken back
    /// (`isInside`: no `..` has nothing to take back).
    static func normalizedParts(_ written: String) -> [String] {
        var parts: [String] = []
        for part in written.split(separator: "/") where part != "." {
            if part == ".." { parts.removeLast() } else { parts.append(String(part)) }
        }
        return parts
    }

    /// Whether `path` stays inside the folder it is relative to: no `..` climbs above its start,
    /// and it ends below it.
    static func isInside(_ path: String) -> Bool {
        depths(path).allSatisfy { $0 >= 0 } && (depths(path).last ?? 0) > 0
    }

    /// `.`, `figures/..`: the folder itself.
    static func isTheFolderItself(_ path: String) -> Bool {
        depths(path).allSatisfy { $0 >= 0 } && (depths(path).last ?? 0) == 0
    }

    private static func depths(_ path: String) -> [Int] {
        var depth = 0
        return path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.map { part in
            depth += part == ".." ? -1 : 1
            return depth
        }
    }

    public enum FileKind: Sendable { case file, missing, folder, other }

    /// What is at `url`, links followed. A FIFO or a folder is never read (a FIFO would never end).
    public static func kind(of url: URL) -> FileKind {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    /// Why `file` (shown as `shown`) cannot be copied or served, or nil: it must be a regular file
    /// of at most `largestFile` bytes whose real path, links followed, is inside the chapters folder
    /// and not hidden, so that a link in the folder cannot bring in what the folder does not hold
    /// (`figures/x.png -> /etc/hostname`, `/proc/self/environ`). Checked again by `tutor serve` on
    /// every request: the folder may change while it runs.
    public static func problem(with file: URL, shown: String, chaptersFolder: URL) -> String? {
        switch kind(of: file) {
        case .missing: return "is not there: there is no file \(Excerpt.of(shown))" + nearMiss(of: file)
        case .folder: return "is not a file: \(Excerpt.of(shown)) is a folder"
        case .other: return "is not a file: \(Excerpt.of(shown)) is not a regular file"
        case .file: break
        }
        guard let real = realPath(file), let folder = realPath(chaptersFolder) else {
            return "is not a file: \(Excerpt.of(shown)) cannot be resolved"
        }
        guard real.hasPrefix(folder + "/") else {
            return "is a link to \(Excerpt.of(real)), outside the chapters folder: the book copies only the files the folder holds"
        }
        if real.dropFirst(folder.count + 1).split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            return "is a link to \(Excerpt.of(real)), a hidden file or folder, which the book does not copy"
        }
        var status = stat()
        guard stat(real, &status) == 0 else { return "is not there: there is no file \(Excerpt.of(shown))" }
        guard access(real, R_OK) == 0 else { return "cannot be read: \(Excerpt.of(shown)) is not readable (\(String(cString: strerror(errno))))" }
        if status.st_size > largestFile {
            return "is \(status.st_size >> 20) MB; the book copies files of at most \(largestFile >> 20) MB"
        }
        return nil
    }

    /// A hint when the missing file's folder holds a name that differs from it only in how its
    /// letters are encoded (`café` typed as one code point, saved as `e` and an accent) or in
    /// case (`Figure.png` for `figure.png`): the first looks the same everywhere, the second is
    /// the same file on macOS and Windows but not on Linux or most web servers.
    static func nearMiss(of file: URL) -> String {
        let name = file.lastPathComponent
        // A link that leads nowhere is there by its very name: say where it leads.
        if let broken = BrokenLink.problem(at: file.path) { return "; it is " + broken }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) else { return "" }
        // (Swift compares strings by canonical equivalence: NFC and NFD spellings are equal.)
        if let same = names.first(where: { $0 == name && Array($0.utf8) != Array(name.utf8) }) {
            return "; its folder holds '\(Excerpt.of(same))', which looks the same but spells its letters with other "
                + "Unicode code points (composed and decomposed accents): rename the file, or retype its name in the chapter"
        }
        if let other = names.first(where: { $0.lowercased() == name.lowercased() }) {
            return "; its folder holds '\(Excerpt.of(other))', which differs only in case: on Linux and on most web servers "
                + "that is another file; write the name as the file has it"
        }
        return ""
    }

    private static func realPath(_ url: URL) -> String? {
        guard let resolved = realpath(url.path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The path an address names beside the page, %-escapes decoded, without its
    /// `?query` or `#fragment`; nil for an address that is not a file of the book's: one with a
    /// scheme (`https:`, `data:`), one the page does not keep (`/x.png`, refused as it is written).
    static func relativePath(of destination: String, isImage: Bool = true) -> String? {
        let address = URLSafety.normalized(destination)
        guard !address.isEmpty, URLSafety.isAllowed(address, forImage: isImage), URLSafety.scheme(of: address) == nil else { return nil }
        let path = String(address.prefix { $0 != "?" && $0 != "#" })
        guard !path.isEmpty else { return nil }
        return path.removingPercentEncoding ?? path
    }

    /// Why a file could not be copied, in words, and where the chapter names it.
    public struct CopyFailure: Error, CustomStringConvertible {
        public var location: SourceLocation
        public var description: String
    }

    /// Copies `files` into the book at `output` (named `shownAs` in messages), each written whole
    /// (`AtomicFile`) and only when its bytes changed, so that a rebuild rewrites nothing.
    /// Returns each file now the book's, with the SHA-256 of its bytes (`CopiedFileRecord`).
    ///
    /// All or nothing: what stands in the way of a file (a folder where it goes, a file where its
    /// folder goes) is found before anything is written, and if a write still fails (a full disk),
    /// the files written before it get their old bytes back, or are removed if they are new: a
    /// chapter that fails leaves the book as it was.
    ///
    /// - Parameter owned: the files earlier builds copied, with their bytes' SHA-256
    ///   (`CopiedFileRecord`): a different file at a copy's place that the book did not write, or
    ///   that was changed since, is someone's own, and is refused, never replaced; so is a link.
    @discardableResult
    public static func copy(_ files: [CopiedFile], into output: URL, shownAs outputShown: String,
                            owned: [String: String] = [:]) throws(CopyFailure) -> [String: String] {
        var writes: [(CopiedFile, URL, Data)] = [], copiedNow: [String: String] = [:]
        for copied in files {
            let target = output.appendingPathComponent(copied.path)
            func fail(_ why: String) -> CopyFailure {
                CopyFailure(location: copied.location, description: "cannot copy \(Excerpt.of(copied.path)) into the book: \(why)")
            }
            if let problem = obstacle(to: copied.path, in: output, shownAs: outputShown) { throw fail(problem) }
            // What a build killed mid-copy (SIGKILL: no handler runs) left beside it; after the
            // check above, so never through a link (`removeLeftovers` refuses one too).
            AtomicFile.removeLeftovers(in: target.deletingLastPathComponent())
            // Read as checked: the file opened is the one inside the chapters folder, whatever
            // was swapped in at its path since `find` looked.
            guard let data = read(copied.file, chaptersFolder: copied.chaptersFolder) else {
                throw fail("cannot read \(Excerpt.of(copied.file.path)), or it is no longer a file inside the chapters folder")
            }
            let digest = SHA256.hex(data)
            copiedNow[copied.path] = digest
            // Compared only with a file (a link to a FIFO would never end), then left alone if the same.
            var status = stat()
            if lstat(target.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
                let existing = status.st_size <= largestFile ? try? Data(contentsOf: target, options: .mappedIfSafe) : nil
                if existing == data { continue }
                // Replaced only if the book wrote it and it is as written: a file of someone's
                // own, or a copy edited since, is theirs.
                let shown = Excerpt.of(outputShown + "/" + copied.path)
                guard let recorded = owned[copied.path] else {
                    throw fail("\(shown) is a file the book did not write; move it away (or delete it) and build again, "
                               + "so that nothing of yours is replaced")
                }
                guard let existing, SHA256.hex(existing) == recorded else {
                    throw fail("\(shown) was changed since the book copied it there; move it away (or delete it) and build "
                               + "again, so that the change is not lost")
                }
            }
            writes.append((copied, target, data))
        }
        var done: [(URL, Data?)] = [], madeFolders: [URL] = []
        for (copied, target, data) in writes {
            // Kept to be put back, if it is a file (a link to a FIFO would never end).
            var status = stat()
            // (`lstat`: a link is never read, and never put back as a copy of what it points to.)
            let old = lstat(target.path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG ? try? Data(contentsOf: target) : nil
            // The folders this write makes, to be removed again if the copy fails.
            var folder = target.deletingLastPathComponent(), missing: [URL] = []
            while folder.path.count > output.path.count, stat(folder.path, &status) != 0 {
                missing.append(folder)
                folder = folder.deletingLastPathComponent()
            }
            madeFolders += missing.reversed()
            do {
                try AtomicFile.write(data, to: target)
                done.append((target, old))
            } catch {
                for (url, old) in done.reversed() {
                    if let old { try? AtomicFile.write(old, to: url) } else { try? FileManager.default.removeItem(at: url) }
                }
                for made in madeFolders.reversed() { rmdir(made.path) }
                throw CopyFailure(location: copied.location,
                                  description: "cannot copy \(Excerpt.of(copied.path)) into the book: cannot write \(Excerpt.of(outputShown + "/" + copied.path)): \(error.reason)")
            }
        }
        return copiedNow
    }

    /// The bytes of `file` if, opened, it is a regular file of at most `largestFile` bytes whose
    /// real path is inside `chaptersFolder` and not hidden: checked on the open file, so that a
    /// link swapped in at its path (or at a folder's) after an earlier check is never read.
    public static func read(_ file: URL, chaptersFolder: URL) -> Data? {
        let descriptor = open(file.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size <= largestFile,
              let opened = openedPath(descriptor), let folder = realPath(chaptersFolder), opened.hasPrefix(folder + "/"),
              !opened.dropFirst(folder.count + 1).split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { return nil }
        var data = Data(count: Int(status.st_size))
        var total = 0
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            while total < buffer.count {
                let count = systemRead(descriptor, buffer.baseAddress! + total, buffer.count - total)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                total += count
            }
            return true
        }
        return complete ? data : nil
    }

    /// The path of the file `descriptor` has open, as the system resolved it.
    private static func openedPath(_ descriptor: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        #if os(Linux)
        let count = readlink("/proc/self/fd/\(descriptor)", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        #else
        guard fcntl(descriptor, F_GETPATH, &buffer) != -1 else { return nil }
        let count = buffer.firstIndex(of: 0) ?? 0
        #endif
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What would stop `path` being written in `output`: something not a folder where one of its
    /// folders goes (a link to a folder too), or a folder (a FIFO, a socket) where the file goes.
    static func obstacle(to path: String, in output: URL, shownAs outputShown: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        var url = output, shown = outputShown
        for (n, part) in parts.enumerated() {
            url.appendPathComponent(part)
            shown += "/" + part
            var status = stat()
            guard lstat(url.path, &status) == 0 else { return nil }  // nothing there: made new, with what is below it
            let isLast = n == parts.count - 1
            // A link where a folder goes would take the file out of the book, wherever it points
            // (`output/figures -> ~/photos`); one where the file goes is someone's: the book
            // writes only into folders of its own, and replaces only files of its own.
            if status.st_mode & S_IFMT == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?"
                return "\(Excerpt.of(shown)) is a symbolic link (to \(Excerpt.of(target))), where the book "
                    + (isLast ? "puts its copy" : "makes a folder of its own") + "; remove the link"
            }
            if !isLast, status.st_mode & S_IFMT != S_IFDIR { return "\(Excerpt.of(shown)) is a file, where a folder of that name goes; move it away" }
            if isLast, let problem = OutputFolder.replaceProblem(url) {
                return problem.replacingOccurrences(of: url.path, with: shown)
            }
        }
        return nil
    }
}

/// `read(2)`, named apart from `ChapterFiles.read`.
private func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, bytes, count)
}
