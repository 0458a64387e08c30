import ArgumentParser

/// `tutor`: builds the book, walks a chapter in the terminal, trains the reference model.
@main
struct Tutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Build and teach a small book on how a convolutional network reads handwritten digits.",
        subcommands: [
            BuildCommand.self, RunCommand.self, ListCommand.self, CheckCommand.self,
            TrainCommand.self, DataCommand.self,
        ]
    )
}
