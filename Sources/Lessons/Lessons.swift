import Book

/// The steps the chapters call, each in a file of its own so its page can show its source.
///
/// There is no hand-kept list: the EmbedSources plugin generates `Lessons.registry` from every
/// `static let NAME = StepDefinition(` declared in an `extension Lessons`, so a step is
/// registered by being defined, and keys each step's cached results on the sources that step
/// can reach (`StepReach` in EmbedSourcesTool).
public enum Lessons {}
