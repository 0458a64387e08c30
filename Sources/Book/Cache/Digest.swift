import COpenSSL
import Foundation

/// SHA-256 from OpenSSL (the well-kept library, not a hand-written hash): names cache entries
/// and checks that what is read back is what was written.
public enum Digest {
    /// The SHA-256 of `bytes`, as 64 lowercase hexadecimal characters.
    public static func sha256<Bytes: ContiguousBytes>(_ bytes: Bytes) -> String {
        hex(raw(bytes))
    }

    /// The SHA-256 of `text`'s UTF-8, in base64: how a Content-Security-Policy names a script.
    public static func sha256Base64(_ text: String) -> String {
        Data(raw(Array(text.utf8))).base64EncodedString()
    }

    /// The 32 bytes of the SHA-256 of `bytes`.
    static func raw<Bytes: ContiguousBytes>(_ bytes: Bytes) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { buffer in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(buffer.baseAddress, buffer.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return Array(digest.prefix(32))
    }

    public static func sha256(_ text: String) -> String { sha256(Array(text.utf8)) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
