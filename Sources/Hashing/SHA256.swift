import COpenSSL
import Foundation

/// SHA-256, from OpenSSL (the well-kept library, not a hand-written hash): the one wrapper the
/// project has. The MNIST reader checks downloaded files against their published checksums with
/// it, and the book names its cache entries and allows its page script by it.
public enum SHA256 {
    /// The 32 bytes of the SHA-256 of `parts`, one after another.
    public static func digest(_ parts: any ContiguousBytes...) -> [UInt8] {
        digest(of: parts)
    }

    /// The SHA-256 of `parts`, one after another, as 64 lowercase hexadecimal characters.
    public static func hex(_ parts: any ContiguousBytes...) -> String {
        let characters = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest(of: parts) {
            out.append(characters[Int(byte >> 4)])
            out.append(characters[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 of `text`'s UTF-8, in hexadecimal.
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    /// The SHA-256 of `text`'s UTF-8, in base64: how a Content-Security-Policy names a script.
    public static func base64(_ text: String) -> String {
        Data(digest(Array(text.utf8))).base64EncodedString()
    }

    private static func digest(of parts: [any ContiguousBytes]) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL: out of memory for a digest context") }
        defer { EVP_MD_CTX_free(context) }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1
            && parts.allSatisfy { part in
                part.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) == 1 }
            }
            && EVP_DigestFinal_ex(context, &digest, &length) == 1
        // SHA-256 of bytes in memory cannot fail short of a broken OpenSSL.
        precondition(ok && length == 32, "OpenSSL: SHA-256 failed")
        return Array(digest.prefix(32))
    }
}
