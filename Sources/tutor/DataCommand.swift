import ArgumentParser
import CNN
import Foundation

/// `tutor data`: checks the four MNIST files against the SHA-256 of their content, and downloads
/// the missing ones where the machine has a network.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Check the MNIST files, downloading any that are missing.",
        discussion: """
            Looks in --data DIR, else $\(DataLocation.environmentVariable), else data/mnist. Each of the four \
            files may be gzip-compressed (name.gz) or not; its uncompressed content must have the published \
            SHA-256. Missing files are downloaded from \(MNISTDownload.mirror) (to a temporary file, checked, \
            then renamed); without a network, the command says where to put them.
            """)

    @Option(help: ArgumentHelp("The MNIST directory (default: $TUTOR_DATA, then data/mnist).", valueName: "dir"))
    var data: String?

    @Flag(help: "Only check; never download.")
    var noDownload = false

    @Option(help: .hidden)  // another mirror (the tests use one on localhost)
    var mirror = MNISTDownload.mirror

    func validate() throws {
        try BookOptions.requireNonEmpty(data, "--data")
    }

    /// What to do about a file that is there but is not MNIST's: one that reads but holds the
    /// wrong bytes is deleted and fetched again; one that cannot be read as a file (a folder, a
    /// FIFO, a link that leads nowhere) is moved away first. Without downloads, the file is put in
    /// its place by hand.
    static func advice(for error: any Error, download: Bool) -> String {
        let unreadable = if case .unreadable = error as? DataError { true } else { false }
        let remove = unreadable ? "move it away" : "delete it"
        return download ? "(\(remove) and run `tutor data` again to download the file afresh)"
            : "(\(remove) and put MNIST's own file in its place, or run `tutor data` without --no-download to download it)"
    }

    func run() throws {
        let directory = DataLocation.resolve(option: data)
        do {
            try DataDirectory.check(directory)
        } catch {
            printError("tutor: error: \(error)")
            throw ExitCode.failure
        }
        var failed = false
        var missing: [MNISTFile] = []
        DataInstructions.ignoredCopies(in: directory).forEach(printError)
        for file in MNISTFile.allCases {
            guard let url = file.locate(in: directory) else {
                missing.append(file)
                continue
            }
            do {
                try file.verify(url)
            } catch {
                printError("tutor: error: \(error)")
                printError(Self.advice(for: error, download: !noDownload))
                failed = true
                continue
            }
            try printOutput("ok       \(url.path)")
        }
        if !missing.isEmpty {
            if noDownload {
                printError("tutor: error: missing in \(directory.path): " + missing.map(\.compressedName).joined(separator: ", "))
                printError(DataInstructions.whereToPut(directory))
                throw ExitCode.failure
            }
            for file in missing {
                let url: URL
                do {
                    url = try MNISTDownload.fetch(file, from: mirror, into: directory)
                } catch {
                    printError("tutor: error: could not download \(file.compressedName): \(error)")
                    printError(DataInstructions.whereToPut(directory))
                    throw ExitCode.failure
                }
                Accomplished.note("fetched \(url.path)")
                try printOutput("fetched  \(url.path)")
            }
        }
        if failed { throw ExitCode.failure }
        try printOutput("The MNIST files in \(directory.path) are complete and match their checksums.")
    }
}
