/// What a chapter's front matter may say.
///
///     ---
///     raw-html: true
///     seed: 7
///     ---
public struct ChapterOptions: Sendable, Hashable {
    /// Pass the chapter's raw HTML through to the page (off: it is shown as text).
    public var rawHTML: Bool
    /// The seed for this chapter's steps, instead of the book's.
    public var seed: UInt64?

    public init(rawHTML: Bool = false, seed: UInt64? = nil) {
        self.rawHTML = rawHTML
        self.seed = seed
    }
}
