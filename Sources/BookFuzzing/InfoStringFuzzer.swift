/// Random and mutated info strings for fuzzing `InfoString.parse`: shared by the test (a few
/// thousand inputs) and `tutor-benchmark fuzz` (a hundred thousand and more).
///
/// Half the inputs are random bytes drawn from the characters the grammar cares about; half are
/// valid info strings with a few bytes flipped, inserted, deleted or duplicated, which reach the
/// deeper states of the scanner that random bytes rarely do.
public struct InfoStringFuzzer {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    static let seeds = [
        "swift step=integrate f=sin n=7",
        "swift step=train epochs=3 rates=[0.1,0.01,0.001] title=\"a \\\"b\\\"\"",
        "swift step=k weights=[[0,1,0],[1,-4,1],[0,1,0]] scale=-1.5e-3",
        "swift step=a b=[[[]]] c=\"\" d=x.y-z_1",
        "swift step=greet times=2 vary-times=all vary-name=[\"a\",\"world\"]",
        "swift step=charts rates=[0.1,0.01] vary-rates=[[0.1,0.01],[1,2.5]] vary-shape=all",
    ]
    static let alphabet = Array("swift step= \t\"\\[],.-+eE0123456789abcxyz_=\u{0}\u{7f}é😀".utf8)

    /// SplitMix64: small, fast, and the same sequence on every machine.
    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ n: Int) -> Int { Int(random() % UInt64(max(n, 1))) }

    /// The next input; not always valid UTF-8 before decoding, so it may hold replacement characters.
    public mutating func next() -> String {
        var bytes: [UInt8]
        if below(2) == 0 {
            bytes = Array("swift ".utf8)
            for _ in 0..<below(40) { bytes.append(Self.alphabet[below(Self.alphabet.count)]) }
        } else {
            bytes = Array(Self.seeds[below(Self.seeds.count)].utf8)
            for _ in 0..<below(4) {
                let at = below(bytes.count + 1)
                switch below(4) {
                case 0 where at < bytes.count: bytes[at] = Self.alphabet[below(Self.alphabet.count)]
                case 1: bytes.insert(Self.alphabet[below(Self.alphabet.count)], at: at)
                case 2 where at < bytes.count: bytes.remove(at: at)
                default:
                    let end = min(bytes.count, at + below(8))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
