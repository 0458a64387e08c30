/// The sentence under the `confusionMatrix` step's maps, in a file of its own so that the step's
/// file declares only the step (`StepReach`).
extension Lessons {
    /// What the network gets wrong most often, from `counts[r * 10 + c]` (digits r called c): the
    /// mistake made most times, or every mistake made that many times when several are (two
    /// mistakes made once each are not "the most common" one).
    static func mostCommonMistakes(_ counts: [Double]) -> String {
        let mistakes = (0..<100).filter { $0 / 10 != $0 % 10 }
        let most = mistakes.map { counts[$0] }.max() ?? 0
        guard most > 0 else { return "the network makes no mistakes on them" }
        let tied = mistakes.filter { counts[$0] == most }.map { "\($0 / 10) read as \($0 % 10)" }
        let times = "\(Int(most)) test digit\(most == 1 ? "" : "s")"
        guard tied.count > 1 else { return "the most common mistake: \(times) \(tied[0])" }
        // A list of the ties, the first four named: with few test digits, many mistakes are made once.
        let named = tied.prefix(4), more = tied.count - named.count
        let list = more > 0 ? named.joined(separator: ", ") + " and \(more) more"
                            : named.dropLast().joined(separator: ", ") + " and " + named.last!
        return "\(tied.count) mistakes are the most common, tied at \(times) each: \(list)"
    }
}
