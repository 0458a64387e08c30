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
    private let live: Bool
    private var lastDraw = -Double.infinity
    private var latest: BatchProgress?

    /// Redraws at most this often: drawing every batch would cost more than training it.
    private static let redrawInterval = 0.1

    init(live: Bool) { self.live = live }

    /// After each batch.
    func batchDone(_ progress: BatchProgress) {
        latest = progress
        guard live else { return }
        if progress.batch == 1 { print("Epoch \(progress.epoch)/\(progress.epochs)") }
        if progress.seconds - lastDraw >= Self.redrawInterval || progress.batch == progress.batches {
            lastDraw = progress.seconds
            write("\r" + Self.line(batch: progress.batch, of: progress.batches, seconds: progress.seconds,
                                   metrics: [("accuracy", progress.accuracy), ("loss", progress.loss)], colored: true)
                  + "\u{1B}[K")
        }
    }

    /// After each epoch, with its validation figures.
    func epochDone(_ record: EpochRecord, epochs: Int) {
        let batches = latest?.batches ?? 0
        var metrics = [("accuracy", record.accuracy), ("loss", record.loss)]
        if let accuracy = record.validationAccuracy, let loss = record.validationLoss {
            metrics += [("val_accuracy", accuracy), ("val_loss", loss)]
        }
        let line = Self.line(batch: batches, of: batches, seconds: record.seconds, metrics: metrics, colored: live)
        if live {
            write("\r" + line + "\u{1B}[K\n")
        } else {
            print("Epoch \(record.epoch)/\(epochs)\n" + line)
        }
        lastDraw = -Double.infinity
    }

    /// `b/B ━━━━ 1s 0.3ms/step - name: value - ...`, the bar 20 characters wide.
    static func line(batch: Int, of batches: Int, seconds: Double, metrics: [(String, Double)], colored: Bool) -> String {
        let width = 20
        let done = batches == 0 ? width : width * batch / batches
        let bar = colored
            ? "\u{1B}[32m" + String(repeating: "━", count: done) + "\u{1B}[2m" + String(repeating: "━", count: width - done) + "\u{1B}[0m"
            : String(repeating: "━", count: done) + String(repeating: " ", count: width - done)
        let counter = String(repeating: " ", count: String(batches).count - String(batch).count) + "\(batch)/\(batches)"
        let perStep = batch == 0 ? 0 : seconds * 1000 / Double(batch)
        var text = "\(counter) \(bar) \(Int(seconds.rounded()))s \(String(format: "%.1f", perStep))ms/step"
        for (name, value) in metrics { text += " - \(name): \(String(format: "%.4f", value))" }
        return text
    }

    private func write(_ text: String) {
        print(text, terminator: "")
        fflush(nil)  // all streams: `stdout` itself is a global Swift 6 will not touch
    }
}
