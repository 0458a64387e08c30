import Book
import CNN
import Lessons
import Foundation

/// Whether the data each chapter's steps read is where the build would look for it: the sample
/// digits' folder, and the four MNIST files. One diagnostic per chapter and missing source, at
/// the first cell that needs it, so `tutor check` says up front what a build would stop on.
enum DataSourceCheck {
    static func problems(in chapters: [Chapter], registry: StepRegistry, data: DataSources) -> [Diagnostic] {
        let sample = DataFolderCheck.problems(in: chapters, registry: registry, data: data)
        guard let folder = data["mnist"]?.folder else { return sample }
        let missing = MNISTFile.allCases.filter { $0.locate(in: folder) == nil }
        guard !missing.isEmpty else { return sample }
        let mnist = chapters.compactMap { chapter -> Diagnostic? in
            guard let cell = chapter.cells.first(where: { registry.step(named: $0.info.step)?.data.sources.contains("mnist") == true }) else { return nil }
            return Diagnostic(cell.location,
                              "step '\(cell.info.step)' reads the full MNIST, but \(folder.path) lacks "
                                  + missing.map(\.compressedName).joined(separator: ", ")
                                  + "; run `tutor data` to fetch them, or pass --data DIR (or set \(DataLocation.environmentVariable))")
        }
        return sample + mnist
    }
}
