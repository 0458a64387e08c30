/// The class a network answers: the index of the largest probability (the first, on a tie).
enum Prediction {
    static func best<C: Collection>(_ scores: C) -> Int where C.Element == Float, C.Index == Int {
        var best = scores.startIndex
        for k in scores.indices where scores[k] > scores[best] { best = k }
        return best - scores.startIndex
    }

    /// How a sentence about an answer ends: ", which is right." or ", but the label is 3.".
    static func verdict(answer: Int, label: Int) -> String {
        answer == label ? ", which is right." : ", but the label is \(label)."
    }
}
