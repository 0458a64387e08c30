import COpenSSL

/// SHA-256 through OpenSSL's EVP interface (the only file that uses OpenSSL).
public enum Checksum {
    /// The SHA-256 of `parts` one after another, as 64 lowercase hex digits.
    public static func sha256(_ parts: [UInt8]...) -> String {
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
        return digest.prefix(32).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
