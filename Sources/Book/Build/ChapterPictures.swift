import Foundation

/// The pictures a chapter shows from files of its own: `![The network](figures/network.png)`.
///
/// A book is a folder of pages, opened, copied or published without its chapters, so a picture
/// linked by a path relative to the chapter is copied into the book at that same path
/// (`output/figures/network.png`), where the page's link finds it.
///
/// Checked before anything runs, each at the picture's `file:line:column`: a picture that is not
/// there would be a hole in the page with nobody told; one outside the chapters folder (`../x.png`)
/// would land outside the book; and only picture files are copied (`.png`, `.jpg`, ...), so that
/// no chapter can put a file over one of the book's own (`![](index.html)`).
/// Web addresses and `data:` pictures are the browser's to fetch, not the book's to copy.
public enum ChapterPictures {
    public struct Picture: Hashable, Sendable {
        /// Where it goes in the book, relative to the pages: `figures/network.png`.
        public var path: String
        /// The file it is copied from, in the chapters folder.
        public var file: URL
    }

    /// The kinds of file copied, by extension, with the media type a server gives them.
    public static let mediaTypes: [String: String] = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "svg": "image/svg+xml", "webp": "image/webp", "avif": "image/avif",
    ]

    /// The pictures `chapter` shows from files in `chaptersFolder`, and what is wrong with the
    /// others, at the place each is written.
    public static func find(in chapter: Chapter, chaptersFolder: URL) -> (pictures: [Picture], problems: [Diagnostic]) {
        var pictures: [Picture] = [], problems: [Diagnostic] = []
        // How messages name the chapters folder: as the chapter's own path does (`chapters`).
        let folderShown = (chapter.path as NSString).deletingLastPathComponent
        for (reference, place) in places(in: chapter, chaptersFolder: chaptersFolder) {
            let written = relativePath(of: reference.destination) ?? reference.destination
            func refuse(_ why: String) {
                problems.append(Diagnostic(reference.location, "this picture '\(Excerpt.of(written))' \(why)"))
            }
            switch place {
            case .failure(let why):
                refuse(why.description)
            case .success(let picture):
                let shown = folderShown.isEmpty ? picture.path : folderShown + "/" + picture.path
                switch kind(of: picture.file) {
                case .file: pictures.append(picture)
                case .missing: refuse("is not there: there is no file \(Excerpt.of(shown))")
                case .folder: refuse("is not a file: \(Excerpt.of(shown)) is a folder")
                case .other: refuse("is not a file: \(Excerpt.of(shown)) is not a regular file")
                }
            }
        }
        return (Array(Set(pictures)).sorted { $0.path < $1.path }, problems)
    }

    /// Every picture `chapter` links from its own files whose path is one the book can take,
    /// there or not: `tutor serve` looks for the file when a reader asks for it.
    public static func referenced(in chapter: Chapter, chaptersFolder: URL) -> [Picture] {
        places(in: chapter, chaptersFolder: chaptersFolder).compactMap { try? $0.place.get() }
    }

    /// Why a picture's path cannot be taken into the book.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// Each picture of `chapter` linked by a relative path, with where it goes in the book, or why
    /// it cannot go there.
    static func places(in chapter: Chapter, chaptersFolder: URL) -> [(reference: LinkReference, place: Result<Picture, Refusal>)] {
        chapter.references.compactMap { reference in
            guard reference.isImage, let written = relativePath(of: reference.destination) else { return nil }
            return (reference, place(of: written, chaptersFolder: chaptersFolder))
        }
    }

    static func place(of written: String, chaptersFolder: URL) -> Result<Picture, Refusal> {
        guard isInside(written) else {
            return .failure(Refusal(description: "is outside the chapters folder: the book copies the pictures it shows from there "
                                    + "into itself; put the file in the chapters folder (figures/ say) and link it from there"))
        }
        // `./a/../b.png` is `b.png` (`isInside`: no `..` has nothing to remove).
        var parts: [String] = []
        for part in written.split(separator: "/") where part != "." {
            if part == ".." { parts.removeLast() } else { parts.append(String(part)) }
        }
        if parts.contains(where: { $0.hasPrefix(".") }) {
            return .failure(Refusal(description: "is in a hidden folder or file (its name begins with '.'), which the book does not copy; rename it"))
        }
        let kind = (parts[parts.count - 1] as NSString).pathExtension.lowercased()
        guard mediaTypes[kind] != nil else {
            let kinds = mediaTypes.keys.sorted().map { "." + $0 }
            return .failure(Refusal(description: "is not a picture file the book copies: name a "
                                    + kinds.dropLast().joined(separator: ", ") + " or " + kinds.last! + " file"))
        }
        return .success(Picture(path: parts.joined(separator: "/"), file: parts.reduce(chaptersFolder) { $0.appendingPathComponent($1) }))
    }

    /// Whether `path` stays inside the folder it is relative to: no `..` climbs above its start.
    static func isInside(_ path: String) -> Bool {
        var depth = 0
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            depth += part == ".." ? -1 : 1
            if depth < 0 { return false }
        }
        return depth > 0
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

    /// The path a picture's address names beside the page, %-escapes decoded, without its
    /// `?query` or `#fragment`; nil for an address that is not a file of the book's: one with a
    /// scheme (`https:`, `data:`), one the page does not keep (`/x.png`, refused as it is written).
    static func relativePath(of destination: String) -> String? {
        let address = URLSafety.normalized(destination)
        guard !address.isEmpty, URLSafety.isAllowed(address, forImage: true), URLSafety.scheme(of: address) == nil else { return nil }
        let path = String(address.prefix { $0 != "?" && $0 != "#" })
        guard !path.isEmpty else { return nil }
        return path.removingPercentEncoding ?? path
    }

    /// Why a picture could not be copied, in words.
    public struct CopyFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Copies `pictures` into the book at `output` (named `shownAs` in messages), each written
    /// whole (`AtomicFile`) and only when its bytes changed, so that a rebuild rewrites nothing.
    public static func copy(_ pictures: [Picture], into output: URL, shownAs outputShown: String) throws(CopyFailure) {
        for picture in pictures {
            let target = output.appendingPathComponent(picture.path)
            guard let data = try? Data(contentsOf: picture.file, options: .mappedIfSafe) else {
                throw CopyFailure(description: "cannot read \(Excerpt.of(picture.file.path))")
            }
            if let problem = OutputFolder.replaceProblem(target) { throw CopyFailure(description: problem) }
            // Compared only with a file (a link to a FIFO would never end), then left alone if the same.
            var status = stat()
            if stat(target.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size == data.count,
               let existing = try? Data(contentsOf: target, options: .mappedIfSafe), existing == data {
                continue
            }
            do {
                try AtomicFile.write(data, to: target)
            } catch {
                throw CopyFailure(description: "cannot write \(Excerpt.of(outputShown + "/" + picture.path)): \(error.reason)")
            }
        }
    }
}
