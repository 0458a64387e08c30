import Foundation
import TutorTestSupport
import Testing

/// Hostile and broken MNIST files through the real binary: gzip bombs, lying gzip trailers, cut and
/// corrupted gzip data, sizes that overflow, empty sets, FIFOs and devices. Each is refused with a
/// message naming the file, a non-zero exit and no crash, in bounded time and memory.
@Suite struct BadDataFileTests {
    /// 47,040,016: the size the header of 60,000 images of 28x28 announces.
    static let sixtyThousandImagesBytes = 16 + 60_000 * 784

    // MARK: gzip bombs and lying trailers

    @Test func aGzipBombOfConcatenatedMembersIsRefusedQuicklyAndInLittleMemory() throws {
        let project = try Project()
        defer { project.remove() }
        // 60,000 images announced, then 400 members of 10 MiB of zeros each: a 4 MB file that
        // inflates to 4 GiB. The reader must stop just past the 47 MB its header announces.
        let zeros = try gzipped(Data(count: 10 << 20))
        var bomb = try gzipped(header([0x803, 60_000, 28, 28]) + Data(count: 10 << 20))
        for _ in 0..<399 { bomb += zeros }
        try writeValidData(in: project)
        try project.write(bomb, to: "mnist/train-images-idx3-ubyte.gz")
        try project.remove("mnist/train-images-idx3-ubyte")
        // As many labels as the header announces images: the count is compared before the images
        // are inflated, and a mismatch would stop the run before the bomb is read.
        try project.write(header([0x801, 60_000]) + Data(count: 60_000), to: "mnist/train-labels-idx1-ubyte")

        let run = try measured("train", "--data", "mnist", "--epochs", "1", in: project)
        expectCleanFailure(run.result, mentions: ["train-images-idx3-ubyte.gz",
                                                  "inflates to more than the \(Self.sixtyThousandImagesBytes) bytes its IDX header announces"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(run.seconds < 10, "took \(run.seconds) s")
        #expect(run.maxResidentMB < 600, "peak memory \(run.maxResidentMB) MB")
    }

    @Test func tutorDataRefusesTheSameBombWithoutInflatingIt() throws {
        let project = try Project()
        defer { project.remove() }
        var bomb = try gzipped(header([0x801, 60_000]) + Data(count: 10 << 20))
        let zeros = try gzipped(Data(count: 10 << 20))
        for _ in 0..<99 { bomb += zeros }
        try writeValidData(in: project)
        try project.write(bomb, to: "mnist/train-labels-idx1-ubyte.gz")
        try project.remove("mnist/train-labels-idx1-ubyte")

        let run = try measured("data", "--data", "mnist", "--no-download", in: project)
        expectCleanFailure(run.result, mentions: ["train-labels-idx1-ubyte.gz", "inflates to more than the 60008 bytes"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(run.seconds < 10, "took \(run.seconds) s")
        #expect(run.maxResidentMB < 600, "peak memory \(run.maxResidentMB) MB")
    }

    @Test func aGzipTrailerClaimingFourGiBIsALengthMismatchNotAnAllocation() throws {
        var labels = try gzipped(header([0x801, 100]) + Data((0..<100).map { UInt8($0 % 10) }))
        labels.replaceSubrange(labels.count - 4 ..< labels.count, with: [0xFF, 0xFF, 0xFF, 0xFF])
        let run = try trainWith(labels, as: "train-labels-idx1-ubyte.gz")
        expectCleanFailure(run.result, mentions: ["train-labels-idx1-ubyte.gz", "byte \(labels.count)",
                                                  "the length in the gzip trailer does not match"],
                           before: [:], after: [:])
        #expect(run.maxResidentMB < 600, "peak memory \(run.maxResidentMB) MB")
    }

    @Test func aCRCMismatchNamesTheFileAndTheByte() throws {
        var labels = try gzipped(header([0x801, 100]) + Data((0..<100).map { UInt8($0 % 10) }))
        labels[labels.count - 8] ^= 0x01
        let run = try trainWith(labels, as: "train-labels-idx1-ubyte.gz")
        expectCleanFailure(run.result, mentions: ["train-labels-idx1-ubyte.gz", "byte \(labels.count - 4)", "CRC-32"],
                           before: [:], after: [:])
    }

    @Test func aGzipMemberThatEndsEarlyNamesWhereItEnds() throws {
        let labels = try gzipped(header([0x801, 100]) + Data((0..<100).map { UInt8($0 % 10) })).dropLast(6)
        let run = try trainWith(Data(labels), as: "train-labels-idx1-ubyte.gz")
        expectCleanFailure(run.result, mentions: ["train-labels-idx1-ubyte.gz", "byte \(labels.count)", "ends early"],
                           before: [:], after: [:])
    }

    @Test func garbageAfterTheGzipDataIsRefusedWhereItStarts() throws {
        let member = try gzipped(header([0x801, 100]) + Data((0..<100).map { UInt8($0 % 10) }))
        let run = try trainWith(member + Data("trailing junk".utf8), as: "train-labels-idx1-ubyte.gz")
        expectCleanFailure(run.result, mentions: ["train-labels-idx1-ubyte.gz", "byte \(member.count)", "not another gzip member"],
                           before: [:], after: [:])
    }

    // MARK: headers

    @Test func bytesAfterARawFilesAnnouncedDataAreRefused() throws {
        let labels = header([0x801, 100]) + Data((0..<100).map { UInt8($0 % 10) }) + Data([0])
        let run = try trainWith(labels, as: "train-labels-idx1-ubyte")
        expectCleanFailure(run.result, mentions: ["train-labels-idx1-ubyte", "109 bytes, the header announces only 108"],
                           before: [:], after: [:])
    }

    @Test func aHeaderAnnouncingFourBillionImagesIsRefusedFromTheHeaderAlone() throws {
        let run = try trainWith(header([0x803, 0xFFFF_FFFF, 28, 28]), as: "train-images-idx3-ubyte")
        expectCleanFailure(run.result, mentions: ["train-images-idx3-ubyte", "4294967295x28x28", "announce more than"],
                           before: [:], after: [:])
        #expect(run.seconds < 10, "took \(run.seconds) s")
    }

    @Test func imagesOfAnotherShapeThan28By28AreRefused() throws {
        let run = try trainWith(header([0x803, 100, 28, 27]) + Data(count: 100 * 28 * 27), as: "train-images-idx3-ubyte")
        expectCleanFailure(run.result, mentions: ["train-images-idx3-ubyte", "bad dimensions 100x28x27, expected Nx28x28"],
                           before: [:], after: [:])
    }

    @Test func aValidSetOfZeroImagesIsRefusedInsteadOfTrainingOnNothing() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        try project.write(header([0x803, 0, 28, 28]), to: "mnist/train-images-idx3-ubyte")
        try project.write(header([0x801, 0]), to: "mnist/train-labels-idx1-ubyte")
        let result = try tutor("train", "--data", "mnist", "--epochs", "1", in: project.root)
        expectCleanFailure(result, mentions: ["train-images-idx3-ubyte", "holds 0 samples"], before: [:], after: project.snapshot(), project: project)
        #expect(!result.all.contains("Test accuracy"), "\(result.all)")
    }

    /// Training files that are copies of the test files train, but say that the test accuracy
    /// then measures what the model saw; one differing image, and nothing is said.
    @Test func trainingFilesThatAreTheTestFilesAreSaidToBe() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        let same = try tutor("train", "--data", "mnist", "--epochs", "1", "--json", in: project.root)
        #expect(same.status == 0, "\(same.all)")
        #expect(same.stderr.contains("tutor: warning: the training and the test files in ") && same.stderr.contains("hold the same 100 images"),
                "\(same.stderr)")
        #expect(same.stdout.contains("\"testAccuracy\""), "the run still reports: \(same.stdout.prefix(300))")
        var images = header([0x803, 100, 28, 28]) + Data((0..<100 * 784).map { UInt8($0 % 256) })
        images[images.count - 1] ^= 1
        try project.write(images, to: "mnist/t10k-images-idx3-ubyte")
        let other = try tutor("train", "--data", "mnist", "--epochs", "1", in: project.root)
        #expect(other.status == 0 && !other.all.contains("warning"), "\(other.all)")
    }

    /// Valid files of 10 images: a split that leaves none to train on is refused, not trained.
    @Test(arguments: [["--validation-split", "0.95"], ["--validation-split", "0.9"]])
    func aSplitThatLeavesNoImageToTrainOnIsRefused(_ split: [String]) throws {
        let project = try Project()
        defer { project.remove() }
        let images = header([0x803, 10, 28, 28]) + Data(count: 10 * 784)
        let labels = header([0x801, 10]) + Data((0..<10).map { UInt8($0) })
        for prefix in ["train", "t10k"] {
            try project.write(images, to: "mnist/\(prefix)-images-idx3-ubyte")
            try project.write(labels, to: "mnist/\(prefix)-labels-idx1-ubyte")
        }
        let result = try tutor(["train", "--data", "mnist", "--epochs", "1"] + split, in: project.root)
        expectCleanFailure(result, mentions: ["--validation-split \(split[1]) leaves none of the 10 training images"],
                           before: [:], after: project.snapshot(), project: project)
    }

    @Test func aDataPathThatIsAFileOrEmptyIsSaidSo() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("not a folder", to: "notes.txt")
        for command in [["train", "--epochs", "1"], ["data", "--no-download"]] {
            let file = try tutor(command + ["--data", "notes.txt"], in: project.root)
            expectCleanFailure(file, mentions: [project.url("notes.txt").path + ": cannot read: not a folder"], before: [:], after: [:])
        }
        for command in [["train", "--epochs", "1"], ["data", "--no-download"], ["check"], ["build"], ["run", "1"]] {
            let empty = try tutor(command + ["--data", ""], in: project.root)
            expectCleanFailure(empty, mentions: ["--data is empty (an unset variable?)"], before: [:], after: [:])
        }
    }

    /// A file that is not MNIST's is met with advice that fits it: a folder in its place is moved
    /// away, and --no-download is not told to download (found by an exploration).
    @Test func theAdviceForAFileThatIsNotMNISTsFitsItAndTheCommand() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        try FileManager.default.removeItem(at: project.url("mnist/t10k-labels-idx1-ubyte"))
        try FileManager.default.createDirectory(at: project.url("mnist/t10k-labels-idx1-ubyte.gz"), withIntermediateDirectories: true)
        let folder = try tutor(["data", "--no-download", "--data", "mnist"], in: project.root)
        #expect(folder.all.contains("(move it away and put MNIST's own file in its place, or run `tutor data` without --no-download to download it)"),
                "\(folder.all)")
        #expect(!folder.all.contains("again to download"), "\(folder.all)")
    }

    /// A folder with one file missing is told to get that file, not "these four files".
    @Test func aFolderMissingOneFileIsToldWhichOne() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        try FileManager.default.removeItem(at: project.url("mnist/t10k-labels-idx1-ubyte"))
        for command in [["train", "--epochs", "1"], ["data", "--no-download"]] {
            let result = try tutor(command + ["--data", "mnist"], in: project.root)
            expectCleanFailure(result, mentions: ["Put this file in ", "  t10k-labels-idx1-ubyte.gz\n"], before: [:], after: [:])
            #expect(!result.all.contains("four files") && !result.all.contains("  train-images-idx3-ubyte.gz"), "\(result.all)")
        }
    }

    /// A data folder that is a symlink loop, or that this user may not look into, is said to be
    /// so, not reported as four missing files to put there.
    @Test func aDataFolderThatCannotBeLookedIntoIsSaidSo() throws {
        let project = try Project()
        defer { project.remove() }
        try FileManager.default.createSymbolicLink(atPath: project.url("loop").path, withDestinationPath: "loop")
        for command in [["train", "--epochs", "1"], ["data", "--no-download"]] {
            let loop = try tutor(command + ["--data", "loop"], in: project.root)
            expectCleanFailure(loop, mentions: [project.url("loop").path + ": cannot read: a symbolic link that leads back to itself"],
                               before: [:], after: [:])
            #expect(!loop.all.contains("Put these four files"), "\(loop.all)")
        }
        // Root may look into any folder: the permission half of this test needs another user.
        guard geteuid() != 0 else { return }
        try writeValidData(in: project)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: project.url("mnist").path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: project.url("mnist").path) }
        let closed = try tutor(["train", "--epochs", "1", "--data", "mnist"], in: project.root)
        expectCleanFailure(closed, mentions: ["permission denied"], before: [:], after: [:])
    }

    @Test func aDataFileThatIsALinkToNothingOrALoopIsSaidSo() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        try project.remove("mnist/train-images-idx3-ubyte")
        try FileManager.default.createSymbolicLink(atPath: project.url("mnist/train-images-idx3-ubyte").path, withDestinationPath: "gone")
        let dangling = try tutor("train", "--data", "mnist", "--epochs", "1", in: project.root)
        expectCleanFailure(dangling, mentions: ["train-images-idx3-ubyte: cannot read: a symbolic link to gone, which does not exist"],
                           before: [:], after: [:])
        try project.remove("mnist/train-images-idx3-ubyte")
        try FileManager.default.createSymbolicLink(atPath: project.url("mnist/train-images-idx3-ubyte").path,
                                                   withDestinationPath: "train-images-idx3-ubyte")
        let loop = try tutor("train", "--data", "mnist", "--epochs", "1", in: project.root)
        expectCleanFailure(loop, mentions: ["train-images-idx3-ubyte: cannot read: a symbolic link that leads back to itself"],
                           before: [:], after: [:])
    }

    /// A download that fails leaves no folder it made behind.
    @Test func aFailedDownloadRemovesTheFoldersItMade() throws {
        let project = try Project()
        defer { project.remove() }
        let before = project.snapshot()
        let result = try tutor("data", "--data", "new/sub", "--mirror", "http://127.0.0.1:9/", in: project.root)
        expectCleanFailure(result, mentions: ["could not download"], before: before, after: project.snapshot(), project: project)
        #expect(!FileManager.default.fileExists(atPath: project.url("new").path))
    }

    @Test func aLabelOutOfRangeNamesItsByteOffset() throws {
        var values = (0..<100).map { UInt8($0 % 10) }
        values[42] = 200
        let run = try trainWith(header([0x801, 100]) + Data(values), as: "train-labels-idx1-ubyte")
        expectCleanFailure(run.result, mentions: ["train-labels-idx1-ubyte", "byte 50", "label 200 at index 42"],
                           before: [:], after: [:])
    }

    // MARK: files that are not files

    @Test func aFIFOAsADataFileIsRefusedWithoutWaiting() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        try project.remove("mnist/train-images-idx3-ubyte")
        #expect(mkfifo(project.url("mnist/train-images-idx3-ubyte").path, 0o600) == 0)
        for command in [["train", "--data", "mnist", "--epochs", "1"], ["data", "--data", "mnist", "--no-download"]] {
            let run = try measured(command, in: project, timeout: 60)
            expectCleanFailure(run.result, mentions: ["train-images-idx3-ubyte", "not a regular file (a FIFO)"],
                               before: [:], after: project.snapshot(), project: project)
            #expect(run.seconds < 10, "\(command[0]) took \(run.seconds) s")
        }
    }

    @Test func devZeroAsADataFileIsRefusedWithoutReadingIt() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        try project.remove("mnist/train-images-idx3-ubyte")
        try FileManager.default.createSymbolicLink(atPath: project.url("mnist/train-images-idx3-ubyte").path,
                                                   withDestinationPath: "/dev/zero")
        let run = try measured("train", "--data", "mnist", "--epochs", "1", in: project)
        expectCleanFailure(run.result, mentions: ["train-images-idx3-ubyte", "not a regular file (a character device)"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(run.maxResidentMB < 600, "peak memory \(run.maxResidentMB) MB")
    }

    @Test func aDirectoryInPlaceOfADataFileIsNamed() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        try FileManager.default.createDirectory(at: project.url("mnist/t10k-labels-idx1-ubyte.gz"), withIntermediateDirectories: true)
        let result = try tutor("data", "--data", "mnist", "--no-download", in: project.root)
        expectCleanFailure(result, mentions: ["t10k-labels-idx1-ubyte.gz", "not a regular file (a directory)"],
                           before: [:], after: project.snapshot(), project: project)
    }

    @Test func aHugeSparseRawFileIsJudgedByItsSizeNotRead() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        // 64 GiB that take no disk: reading them would take minutes.
        let path = project.url("mnist/train-images-idx3-ubyte").path
        #expect(truncate(path, 64 << 30) == 0)
        let run = try measured("train", "--data", "mnist", "--epochs", "1", in: project)
        expectCleanFailure(run.result, mentions: ["train-images-idx3-ubyte", "\(64 << 30) bytes, the header announces only 78416"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(run.seconds < 10, "took \(run.seconds) s")
    }

    // MARK: the book

    /// A chapter whose cell fails keeps its last good page (the book's rule), so a good build comes
    /// first: the failed one must leave `output/` exactly as that build left it.
    @Test func aBookChapterNeedingMNISTNamesTheBadFileAndKeepsItsLastGoodPage() throws {
        let chapter = """
            # Needs MNIST

            ```swift step=trainMNIST epochs=1 batchSize=64 validationSplit=0.2 filters=4 normalize=false
            ```
            """
        let project = try Project(chapters: ["01-mnist.md": chapter])
        defer { project.remove() }
        try writeValidData(in: project)
        let good = try tutor("build", "--data", "mnist", in: project.root)
        try #require(good.status == 0, "\(good.all)")
        let before = project.snapshot()
        #expect(before["01-mnist.html"] != nil)

        var labels = try gzipped(header([0x801, 100]) + Data((0..<100).map { UInt8($0 % 10) }))
        labels[labels.count - 8] ^= 0x01
        try project.write(labels, to: "mnist/train-labels-idx1-ubyte.gz")
        try project.remove("mnist/train-labels-idx1-ubyte")
        let result = try tutor("build", "--data", "mnist", "--no-cache", in: project.root)
        expectCleanFailure(result, mentions: ["chapters/01-mnist.md", "train-labels-idx1-ubyte.gz", "CRC-32"],
                           before: before, after: project.snapshot(), project: project)
        // The page kept from the good build is said to be out of date (the book now mixes two builds).
        #expect(result.stderr.contains("output/01-mnist.html: warning: kept from an earlier build, since its chapter failed: "
                                       + "out of date until the chapter builds again"), "\(result.stderr)")
    }

    /// Training files with fewer images than the test files (MNIST's are 60,000 and 10,000): the
    /// two may be swapped, and `tutor train` says so; `--json` gives the batch size it really used.
    @Test func trainingFilesSmallerThanTheTestFilesAreSaidToBeMaybeSwapped() throws {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        try project.write(header([0x803, 50, 28, 28]) + Data((0..<50 * 784).map { UInt8($0 % 251) }), to: "mnist/train-images-idx3-ubyte")
        try project.write(header([0x801, 50]) + Data((0..<50).map { UInt8($0 % 10) }), to: "mnist/train-labels-idx1-ubyte")
        let result = try tutor("train", "--data", "mnist", "--epochs", "1", "--batch-size", "1000", "--json", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stderr.contains("the training file holds fewer images (50) than the test file (100)"), "\(result.stderr)")
        #expect(result.stdout.contains("\"batchSize\" : 40") && result.stdout.contains("\"trainingImages\" : 40")
                && result.stdout.contains("\"validationImages\" : 10"), "\(result.stdout.prefix(600))")
    }

    // MARK: helpers

    /// The big-endian header of an IDX file.
    private func header(_ values: [UInt32]) -> Data {
        Data(values.flatMap { value in withUnsafeBytes(of: value.bigEndian) { Array($0) } })
    }

    /// A valid, tiny MNIST directory `mnist/`: 100 raw images and labels in each of the four files.
    private func writeValidData(in project: Project) throws {
        let images = header([0x803, 100, 28, 28]) + Data((0..<100 * 784).map { UInt8($0 % 256) })
        let labels = header([0x801, 100]) + Data((0..<100).map { UInt8($0 % 10) })
        for prefix in ["train", "t10k"] {
            try project.write(images, to: "mnist/\(prefix)-images-idx3-ubyte")
            try project.write(labels, to: "mnist/\(prefix)-labels-idx1-ubyte")
        }
    }

    /// `tutor train` on a valid directory with one file replaced by `bytes` (under `name`, which
    /// is looked for before the raw name when it ends in .gz).
    private func trainWith(_ bytes: Data, as name: String) throws -> Measured {
        let project = try Project()
        defer { project.remove() }
        try writeValidData(in: project)
        if name.hasSuffix(".gz") { try project.remove("mnist/" + String(name.dropLast(3))) }
        try project.write(bytes, to: "mnist/" + name)
        let run = try measured("train", "--data", "mnist", "--epochs", "1", in: project)
        #expect(project.halfWrittenFiles().isEmpty)
        return run
    }

    private struct Measured {
        var result: Finished
        var seconds: Double
        /// The peak resident memory of the `tutor` process.
        var maxResidentMB: Double
    }

    private func measured(_ arguments: String..., in project: Project) throws -> Measured {
        try measured(arguments, in: project)
    }

    /// Runs `tutor` under a small Python wrapper that reports the child's peak resident memory
    /// (getrusage of its only child), which Foundation's Process does not give.
    private func measured(_ arguments: [String], in project: Project, timeout: Double = 120) throws -> Measured {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-rusage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let wrapper = """
            import resource, subprocess, sys
            status = subprocess.call(sys.argv[2:], stdin=subprocess.DEVNULL)
            open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
            sys.exit(status if status >= 0 else 128 - status)
            """
        let start = Date()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", wrapper, report.path, tutorBinary.path] + arguments
        process.currentDirectoryURL = project.root
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes on other threads so neither fills up and blocks the child.
        let outData = DataBox(), errData = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData.set(out.fileHandleForReading.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: group) { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        group.wait()
        let seconds = Date().timeIntervalSince(start)
        let kilobytes = Double((try? String(contentsOf: report, encoding: .utf8)) ?? "") ?? .infinity
        let result = Finished(status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
                              stdout: String(decoding: outData.get(), as: UTF8.self),
                              stderr: String(decoding: errData.get(), as: UTF8.self))
        return Measured(result: result, seconds: seconds, maxResidentMB: kilobytes / 1024)
    }

    private final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }
}

private extension Project {
    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: url(path))
    }
}
