import Foundation
import PackagePlugin

/// Embeds the Swift sources of the target it is applied to (Lessons) into that target, so a page
/// shows the code that really ran, never a copy typed by hand.
///
/// It also generates the target's step list (every `static let NAME = StepDefinition(` in an
/// `extension <Module>`, so a step is registered by being declared), and fingerprints, per step
/// file, the sources that step can reach: the file, the target's shared files, and the sources of
/// the targets it depends on (CNN, Book). Editing one step's file invalidates the cached results
/// of the cells that use it, and of no others.
@main
struct EmbedSources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let embedded = module.sourceFiles(withSuffix: "swift").map { (key: "\(module.moduleName)/\($0.url.lastPathComponent)", url: $0.url) }
        let hashed = dependencySources(of: target)
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedSources.swift")

        // The package's folder: messages and pages name a file by its path from there
        // ("Sources/Lessons/Convolution/Kernels.swift"), which a teacher can open; `#fileID`
        // ("Lessons/Kernels.swift") names no file on disk.
        var arguments = ["--output", output.path, "--steps-of", module.moduleName, "--root", context.package.directoryURL.path]
        for file in embedded { arguments += ["--embed", file.key, file.url.path] }
        for file in hashed { arguments += ["--hash", file.key, file.url.path] }
        return [
            .buildCommand(
                displayName: "Embedding the sources of \(target.name)",
                executable: try context.tool(named: "EmbedSourcesTool").url,
                arguments: arguments,
                // Every file is an input, so editing any of them regenerates the embedded copy.
                inputFiles: embedded.map(\.url) + hashed.map(\.url),
                outputFiles: [output]
            )
        ]
    }

    /// The Swift files of every source module the target depends on, directly or not: a step can
    /// call into any of them (CNN computes, Book holds the cell context and the outputs).
    private func dependencySources(of target: Target) -> [(key: String, url: URL)] {
        var seen: Set<String> = []
        var files: [(key: String, url: URL)] = []
        func visit(_ dependencies: [TargetDependency]) {
            for dependency in dependencies {
                guard case .target(let dependencyTarget) = dependency,
                      seen.insert(dependencyTarget.name).inserted else { continue }
                if let module = dependencyTarget.sourceModule {
                    files += module.sourceFiles(withSuffix: "swift").map { ("\(module.moduleName)/\($0.url.lastPathComponent)", $0.url) }
                }
                visit(dependencyTarget.dependencies)
            }
        }
        visit(target.dependencies)
        return files
    }
}
