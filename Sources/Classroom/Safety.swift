import Book
import Foundation
import Hummingbird

/// What every response gets, and what every request is held to:
/// - it names this server in its Host (`HostCheck`): else 403;
/// - only GET and HEAD (the book is read, never written to): anything else is 405;
/// - a body is refused (413) — nothing here reads one, so none is worth receiving;
/// - an address longer than `longestAddress` is 414;
/// - every error is a 4xx with a message in words (JSON under `/api/`), never a 5xx;
/// - a Content-Security-Policy and no sniffing on every response;
/// - HEAD is answered as GET, without the body (and without running what makes it: a run's stream).
struct Safety<Context: RequestContext>: RouterMiddleware {
    let hosts: HostCheck

    /// A 15×15 kernel in every cell of a chapter fits many times over.
    static var longestAddress: Int { 32 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if let (status, text) = hosts.hostRefusal(of: request) {
            response = message(status, text, request)
        } else if request.method != .get && request.method != .head {
            response = message(.methodNotAllowed, "This server only serves the book: it answers GET and HEAD, not \(request.method.rawValue).", request)
            response.headers[.allow] = "GET, HEAD"
        } else if let length = request.headers[.contentLength], length != "0" {
            response = message(.contentTooLarge, "A request to this server carries no body (this one says \(Excerpt.of(length)) bytes).", request)
        } else if request.headers[.transferEncoding] != nil {
            response = message(.contentTooLarge, "A request to this server carries no body.", request)
        } else if request.uri.description.utf8.count > Self.longestAddress {
            response = message(.uriTooLong, "The address is longer than \(Self.longestAddress) bytes.", request)
        } else if let refusal = Self.emptyPartRefusal(request.uri.path) {
            response = message(.notFound, refusal, request)
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError {
                response = message(error.status, error.body ?? Self.words(for: error.status, path: request.uri.path), request)
            } catch {
                response = message(.badRequest, "This request cannot be answered: \(error)", request)
            }
        }
        if request.method == .head {
            // GET's headers, its Content-Length among them when it is known (RFC 9110 §9.3.2: a
            // HEAD answer says GET's length or none), and no body; NIO frames it as bodiless.
            response.body = ResponseBody(contentLength: response.body.contentLength) { writer in try await writer.finish(nil) }
        }
        response.headers[.contentSecurityPolicy] = LivePage.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        // An error closes the connection; so does a request that asked for it, or an HTTP/1.0 one
        // that did not ask to keep it (`AbsoluteFormHost` marks those): `CloseAfterResponse` closes it.
        if response.status.code >= 400 || request.headers[.connection]?.lowercased() == "close" {
            response.headers[.connection] = "close"
        }
        return response
    }

    /// Why an address with an empty part is refused: the router skips empty parts, so
    /// `/01-convolution.html/` and `//01-convolution.html` would be the page, and its relative
    /// links (`style.css`, `images/…`, `02-relu.html`) would then all point under a page that is
    /// not a folder, and be dead. A 404 says what to type instead.
    static func emptyPartRefusal(_ path: String) -> String? {
        guard path != "/", path.hasSuffix("/") || path.contains("//") else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        // The address without its empty parts is offered only where it can be a page (`/x.html`,
        // or the contents): `/figures/` made into `/figures` names nothing either.
        let start = "There is no page at an address with an empty part ('//', or a '/' at its end): "
        return parts.isEmpty || parts.hasSuffix(".html") ? start + "try /\(Excerpt.of(parts))." : start + "the book's contents are at /."
    }

    /// What an error the router raised without words of its own means: an address no route
    /// takes (`/images`, `/api`) is a 404 that says so and where the book starts.
    static func words(for status: HTTPResponse.Status, path: String) -> String {
        guard status == .notFound else { return status.reasonPhrase }
        return NoPage.message(path)
    }

    private func message(_ status: HTTPResponse.Status, _ text: String, _ request: Request) -> Response {
        // The router's way of reading a path: empty segments skipped (`//api/run/...` is the API).
        if request.uri.path.split(separator: "/").first == "api" {
            return Classroom.json(status: status, ["message": text])
        }
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

/// Every 404 for an address that names nothing, whichever part of the server finds it: the same
/// words, and where to start instead.
enum NoPage {
    static func message(_ path: String) -> String {
        "There is no page or file at \(Excerpt.of(path)) in this book: its contents are at /."
    }
}
