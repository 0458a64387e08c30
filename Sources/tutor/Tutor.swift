import ArgumentParser
import Foundation

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

    static func main() {
        // A parent that ignores Ctrl-C (a test runner, `nohup`) would pass that on to us (ignored or blocked). Every
        // file tutor writes is written atomically, so stopping at once is safe: restore the default.
        signal(SIGINT, SIG_DFL)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        sigprocmask(SIG_UNBLOCK, &interrupt, nil)
        main(nil)
    }
}
