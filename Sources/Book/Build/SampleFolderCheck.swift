import Foundation

/// Whether the sample digits are where the chapters need them, checked before any cell runs.
///
/// Without this, the first cell that reads them fails deep inside its step, after the cells
/// before it ran, with a message about loading files. Here the problem is caught up front, at the
/// first such cell of each chapter, naming the folder that was tried and how to name another.
public enum SampleFolderCheck {
    /// One diagnostic per chapter that has a cell reading the sample digits, if `data.sample`
    /// is not a folder.
    public static func problems(in chapters: [Chapter], registry: StepRegistry, data: DataDirectories) -> [Diagnostic] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: data.sample.path, isDirectory: &isDirectory), isDirectory.boolValue { return [] }
        let what = FileManager.default.fileExists(atPath: data.sample.path) ? "is not a folder" : "does not exist"
        return chapters.compactMap { chapter in
            guard let cell = chapter.cells.first(where: { registry.step(named: $0.info.step)?.data == .sample }) else { return nil }
            return Diagnostic(cell.location,
                              "step '\(cell.info.step)' reads the sample digits, but \(data.sample.path) \(what); "
                                  + "pass --sample DIR to name the folder that holds them")
        }
    }
}
