/// A chapter as the contents page and the previous/next links name it.
public struct ChapterLink: Sendable, Hashable {
    public var number: Int
    public var title: String
    public var pageName: String

    public init(number: Int, title: String, pageName: String) {
        self.number = number
        self.title = title
        self.pageName = pageName
    }

    public init(_ chapter: Chapter) {
        self.init(number: chapter.number, title: chapter.title, pageName: chapter.pageName)
    }
}
