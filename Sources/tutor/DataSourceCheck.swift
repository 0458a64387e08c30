import Book
import CNN
import Lessons
import Foundation

/// Whether the data each chapter's steps read is where the build would look for it, and reads:
/// the sample digits' folder, and the four MNIST files. One diagnostic per chapter and source
/// that is missing or does not read, at the first cell that needs it, so `tutor check` says up
/// front what a build would stop on.
///
/// Files that are there are read as a build reads them (magic numbers, sizes, counts, labels):
/// an empty or truncated file passed a check that only looked for names, then failed the build.
/// Reading them costs about a tenth of a second for the full MNIST (47 MB inflated), and is only
/// done when a chapter reads it.
enum DataSourceCheck {
    static func problems(in chapters: [Chapter], registry: StepRegistry, data: DataSources) -> [Diagnostic] {
        problemsBySource(in: chapters, registry: registry, data: data).all
    }

    /// What `problems` found, by the source at fault: a check of what the cells ask of one
    /// source can go on while the other is missing.
    struct SourceProblems {
        var sample: [Diagnostic]
        var mnist: [Diagnostic]
        /// Sample first, as a build would meet them.
        var all: [Diagnostic] { sample + mnist }
        /// The names of the sources that do not read (`DataSource.name`).
        var unread: Set<String> {
            Set([("sample", sample), ("mnist", mnist)].compactMap { name, problems in problems.isEmpty ? nil : name })
        }
    }

    static func problemsBySource(in chapters: [Chapter], registry: StepRegistry, data: DataSources) -> SourceProblems {
        let sampleFolder = DataFolderCheck.problems(in: chapters, registry: registry, data: data)
        let sample = data["sample"].map { unreadable($0, cells: firstCells(reading: "sample", in: chapters, registry: registry)) }
        return SourceProblems(sample: sampleFolder.isEmpty ? sample ?? [] : sampleFolder,
                              mnist: mnistProblems(in: chapters, registry: registry, data: data))
    }

    /// The first cell of each chapter whose step reads `source`.
    private static func firstCells(reading source: String, in chapters: [Chapter], registry: StepRegistry) -> [Cell] {
        chapters.compactMap { chapter in
            chapter.cells.first { registry.step(named: $0.info.step)?.data.sources.contains(source) == true }
        }
    }

    private static func mnistProblems(in chapters: [Chapter], registry: StepRegistry, data: DataSources) -> [Diagnostic] {
        guard let source = data["mnist"] else { return [] }
        let folder = source.folder
        let cells = firstCells(reading: "mnist", in: chapters, registry: registry)
        guard !cells.isEmpty else { return [] }
        // A folder that is not there, or not a folder, is said to be so: "lacks the four files"
        // would send the teacher looking in the wrong place.
        let advice = DataAdvice.forMNIST(source)
        var info = stat()
        if lstat(folder.path, &info) != 0 && errno == ENOENT {
            return cells.map { Diagnostic($0.location, "step '\($0.info.step)' reads the full MNIST, but \(source.pathAndOrigin) does not exist; " + advice) }
        }
        do {
            try DataDirectory.check(folder)
        } catch {
            let origin = source.origin.map { " (\($0))" } ?? ""
            return cells.map { Diagnostic($0.location, "step '\($0.info.step)' reads the full MNIST, but \(error)\(origin)") }
        }
        let missing = MNISTFile.allCases.filter { $0.locate(in: folder) == nil }
        guard missing.isEmpty else {
            return cells.map { cell in
                Diagnostic(cell.location, "step '\(cell.info.step)' reads the full MNIST, but \(source.pathAndOrigin) lacks "
                           + missing.map(\.compressedName).joined(separator: ", ") + "; " + advice)
            }
        }
        return unreadable(source, cells: cells)
    }

    /// One diagnostic for each of `cells` (the first to read `data` in each chapter) if the
    /// files in its folder, all there, do not read.
    private static func unreadable(_ data: DataSource, cells: [Cell]) -> [Diagnostic] {
        guard !cells.isEmpty else { return [] }
        let (source, folder) = (data.name, data.folder)
        let problem: String?
        do {
            if source == "sample" {
                _ = try MNIST.sample(in: folder)
            } else {
                _ = try MNIST.trainingAndTest(in: folder)
            }
            problem = nil
        } catch {
            problem = error.description
        }
        guard let problem else { return [] }
        let contents = source == "sample" ? "the sample digits" : "the full MNIST"
        let advice = source == "sample" ? DataAdvice.otherSampleFolder(origin: data.origin)
            : DataAdvice.forMNIST(data, filesMissing: false)
        return cells.map { cell in
            Diagnostic(cell.location, "step '\(cell.info.step)' reads \(contents), but its files in \(Excerpt.path(folder.path))\(data.origin.map { " (\($0))" } ?? "") cannot be read: \(Excerpt.of(problem, maximumLength: 300)); \(advice)")
        }
    }
}
