import Book
import CNN
import Foundation

/// Keras' per-epoch log, drawn from `fit`'s callbacks:
///
///     Epoch 1/5
///     750/750 ━━━━━━━━━━━━━━━━━━━━ 1s 0.3ms/step - accuracy: 0.8718 - loss: 2.2270 - val_accuracy: 0.9240 - val_loss: 0.6600
///
/// On a terminal the bar is redrawn in place (carriage return) as batches finish; otherwise only the
/// finished line of each epoch is printed, so logs stay readable.
final class TrainProgress {
    let live: Bool
    /// The bar in colour; not under NO_COLOR (https://no-color.org), where it is drawn in plain characters.
    let color: Bool
    private var lastDraw = -Double.infinity
    private var latest: BatchProgress?

    /// Redraws at most this often: drawing every batch would cost more than training it.
    private static let redrawInterval = 0.1

    /// - Parameters:
    ///   - live: redraw the bar in place, on a terminal that can (not TERM=dumb, which cannot erase a line).
    ///   - color: draw the bar in colour.
    init(live: Bool, color: Bool) {
        self.live = live
        self.color = color
    }

    /// For standard output as it is: live on a terminal that can erase a line, in colour where
    /// `TerminalCapabilities` would use it.
    static func forStandardOutput(json: Bool, isTerminal: Bool = StandardStream.output.isTerminal,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) -> TrainProgress {
        let term = environment["TERM"] ?? ""
        let live = !json && isTerminal && !term.isEmpty && term != "dumb"
        return TrainProgress(live: live, color: TerminalCapabilities.detect(environment: environment, isTerminal: isTerminal).color != .none)
    }

    /// After each batch.
    func batchDone(_ progress: BatchProgress) {
        latest = progress
        guard live else { return }
        if progress.batch == 1 { write("Epoch \(progress.epoch)/\(progress.epochs)\n") }
        if progress.seconds - lastDraw >= Self.redrawInterval || progress.batch == progress.batches {
            lastDraw = progress.seconds
            write("\r" + Self.coloredLine(batch: progress.batch, of: progress.batches, seconds: progress.seconds,
                                   metrics: [("accuracy", progress.accuracy), ("loss", progress.loss)], color: color)
                  + "\u{1B}[K")
        }
    }

    /// After each epoch, with its validation figures.
    func epochDone(_ record: EpochRecord, epochs: Int) {
        let batches = latest?.batches ?? 0
        if live {
            let line = Self.coloredLine(batch: batches, of: batches, seconds: record.seconds,
                                 metrics: KerasLog.metrics(of: record), color: color)
            write("\r" + line + "\u{1B}[K\n")
        } else {
            write(KerasLog.epoch(record, of: epochs, batches: batches) + "\n")
        }
        lastDraw = -Double.infinity
    }

    /// Keras' line with the bar in colour: green for the batches done, dim for the rest; without
    /// colour, `━` for the batches done and `─` for the rest.
    static func coloredLine(batch: Int, of batches: Int, seconds: Double, metrics: [(String, Double)], color: Bool = true) -> String {
        let done = batches == 0 ? KerasLog.barWidth : KerasLog.barWidth * batch / batches
        guard color else {
            let bar = String(repeating: "━", count: done) + String(repeating: "─", count: KerasLog.barWidth - done)
            return KerasLog.line(batch: batch, of: batches, seconds: seconds, metrics: metrics, bar: bar)
        }
        let bar = "\u{1B}[32m" + String(repeating: "━", count: done) + "\u{1B}[2m"
            + String(repeating: "━", count: KerasLog.barWidth - done) + "\u{1B}[0m"
        return KerasLog.line(batch: batch, of: batches, seconds: seconds, metrics: metrics, bar: bar)
    }

    /// Writes to standard output, unbuffered so a redrawn bar shows at once.
    ///
    /// If nobody can read the log (a full disk, a closed pipe), the command ends here: `fit`'s
    /// callbacks cannot stop the training, the rest of it would be wasted, and `train` writes no
    /// file that could be left half-written.
    private func write(_ text: String) {
        do {
            try StandardStream.output.write(text)
        } catch {
            Tutor.exit(withError: Tutor.endStatus(.failure))
        }
    }
}
