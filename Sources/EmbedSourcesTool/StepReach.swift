/// Per file that declares steps, a fingerprint of every source its steps can reach, so editing
/// one step's file changes the cache keys of the cells that use that step and of no others.
///
/// The rule, and why it is sound:
///
/// - A *step file* declares steps and nothing else (`StepScan.declaresOnlySteps`): the only names
///   it makes visible to other files are those of its steps. Every other file is *shared*: the
///   helpers of the target (`Support/`), a step file that also declares a helper, and every file of
///   the libraries (CNN, Book). A step may call anything in a shared file, so all of them count
///   for every step; no guess is made about which helpers a step really uses.
/// - A file reaches a step file only by naming one of its steps (`Lessons.trainMNIST`). So a step
///   also counts every step file named by its own file or by any shared file, and so on. A name in
///   a comment or in string text does not count; a name in a string interpolation does.
/// - The registry is a door to every step: a file that names `registry` or `EmbeddedSources` (both
///   declared in the generated file, which is not scanned) makes every step file count.
///
/// Counting too much only costs a rerun; counting too little would show stale results, so every
/// doubt (a file the scan does not fully understand) makes the file shared.
struct StepReach {
    struct File {
        var key: String
        var bytes: [UInt8]
        /// Nil for a file that is not scanned (a library file, which cannot name a step): shared.
        var scan: StepScan?
    }

    /// The names this tool declares: the registry (a member of the course's type) and the enum
    /// of embedded sources. Naming either reaches every step; a step may not take either name.
    static let registryName = "registry"
    static let doorsToEveryStep: Set<String> = [registryName, "EmbeddedSources"]

    /// `key` of each file that declares steps -> its fingerprint (16 hex digits).
    static func fingerprints(of files: [File]) -> [String: String] {
        let sorted = files.sorted { $0.key < $1.key }
        let stepFiles = sorted.filter { $0.scan?.declaresOnlySteps == true }
        let stepKeys = Set(stepFiles.map(\.key))
        let shared = sorted.filter { !stepKeys.contains($0.key) }

        var sharedHash = FNV1a64()
        for file in shared { sharedHash.add(file) }

        var fileOfStep: [String: String] = [:]
        for file in stepFiles { for step in file.scan!.steps { fileOfStep[step.name] = file.key } }
        /// The step files a file names directly.
        func named(_ file: File) -> Set<String> {
            guard let identifiers = file.scan?.identifiers else { return [] }
            return identifiers.isDisjoint(with: doorsToEveryStep) ? Set(identifiers.compactMap { fileOfStep[$0] }) : stepKeys
        }
        let byKey = Dictionary(uniqueKeysWithValues: sorted.map { ($0.key, $0) })
        let namedByShared = shared.reduce(into: Set<String>()) { $0.formUnion(named($1)) }

        var result: [String: String] = [:]
        for file in sorted where !(file.scan?.steps.isEmpty ?? true) {
            var reached = namedByShared
            if stepKeys.contains(file.key) { reached.insert(file.key) }
            var frontier = Array(reached)
            while let next = frontier.popLast() {
                for key in named(byKey[next]!) where reached.insert(key).inserted { frontier.append(key) }
            }
            var hash = FNV1a64()
            hash.add(Array("shared \(sharedHash.hex)\n".utf8))
            for key in reached.sorted() { hash.add(byKey[key]!) }
            result[file.key] = hash.hex
        }
        return result
    }
}

extension FNV1a64 {
    /// Adds a file: its key and its bytes, each ended by a zero so no two files run together.
    mutating func add(_ file: StepReach.File) {
        add(Array(file.key.utf8) + [0] + file.bytes + [0])
    }
}
