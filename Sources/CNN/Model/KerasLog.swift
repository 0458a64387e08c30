import Foundation

/// Keras' progress line, as `model.fit(verbose=1)` prints it:
///
///     750/750 ━━━━━━━━━━━━━━━━━━━━ 1s 0.3ms/step - accuracy: 0.8718 - loss: 2.2270 - val_accuracy: 0.9240 - val_loss: 0.6600
///
/// Plain text: the terminal colours the bar, the book shows it as it is.
public enum KerasLog {
    /// The bar's width in characters.
    public static let barWidth = 20

    /// `b/B <bar> Ns Xms/step - name: value - ...`; `bar` defaults to `b/B` of the width filled.
    /// `time` is given the times (`Ns Xms/step`) to mark them as measured, where that matters.
    public static func line(batch: Int, of batches: Int, seconds: Double, metrics: [(String, Double)],
                            bar: String? = nil, time: (String) -> String = { $0 }) -> String {
        let done = batches == 0 ? barWidth : barWidth * batch / batches
        let bar = bar ?? String(repeating: "━", count: done) + String(repeating: " ", count: barWidth - done)
        let counter = String(repeating: " ", count: String(batches).count - String(batch).count) + "\(batch)/\(batches)"
        let perStep = batch == 0 ? 0 : seconds * 1000 / Double(batch)
        // Microseconds below a tenth of a millisecond, as Keras' "us/step": a step is never "0.0ms".
        let step = perStep > 0 && perStep < 0.1 ? "\(max(1, Int((perStep * 1000).rounded())))us/step" : "\(String(format: "%.1f", perStep))ms/step"
        var text = "\(counter) \(bar) " + time("\(Int(seconds.rounded()))s \(step)")
        for (name, value) in metrics { text += " - \(name): \(String(format: "%.4f", value))" }
        return text
    }

    /// The metrics of a finished epoch, in Keras' order and with Keras' names.
    public static func metrics(of record: EpochRecord) -> [(String, Double)] {
        var metrics = [("accuracy", record.accuracy), ("loss", record.loss)]
        if let accuracy = record.validationAccuracy, let loss = record.validationLoss {
            metrics += [("val_accuracy", accuracy), ("val_loss", loss)]
        }
        return metrics
    }

    /// `Epoch e/E` and the finished line of that epoch.
    public static func epoch(_ record: EpochRecord, of epochs: Int, batches: Int, time: (String) -> String = { $0 }) -> String {
        "Epoch \(record.epoch)/\(epochs)\n"
            + line(batch: batches, of: batches, seconds: record.seconds, metrics: metrics(of: record), time: time)
    }
}
