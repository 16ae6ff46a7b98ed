import Foundation
#if canImport(CryptoKit)
import CryptoKit
#endif

/// PKCE (RFC 7636, method S256) for binding a ticket to the app that launched the login: the app
/// makes a verifier per login, sends its challenge in the launch path (`LaunchRequest(…,
/// codeChallenge:)`), keeps the verifier (in memory, never in logs) and presents it when the ticket
/// is exchanged. Held to `test/vectors/pkce.json`, like `sdk/` and the Android library.
///
/// ```swift
/// let verifier = Pkce.newVerifier()
/// let challenge = try Pkce.challenge(for: verifier)   // BASE64URL(SHA-256(ASCII(verifier)))
/// ```
public enum Pkce {
    /// The shortest verifier RFC 7636 allows; also the length of ``newVerifier()``'s.
    public static let minVerifierLength = 43
    /// The longest verifier RFC 7636 allows.
    public static let maxVerifierLength = 128

    /// Why a text is not a code verifier; checked in this order.
    public enum InvalidVerifier: Swift.Error, Sendable, Hashable, CaseIterable {
        /// A character outside `[A-Za-z0-9-._~]`.
        case badCharacter
        /// Fewer than 43 characters.
        case tooShort
        /// More than 128 characters.
        case tooLong
    }

    /// A new verifier of 43 characters: 32 bytes from the system's secure random source
    /// (`SystemRandomNumberGenerator`), base64url without padding.
    public static func newVerifier() -> String {
        var generator = SystemRandomNumberGenerator()
        return verifier(fromBytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The S256 challenge of `verifier`: `BASE64URL(SHA-256(ASCII(verifier)))` without padding,
    /// always 43 characters.
    ///
    /// - Throws: ``InvalidVerifier`` when `verifier` is not 43 to 128 characters of `[A-Za-z0-9-._~]`.
    public static func challenge(for verifier: String) throws -> String {
        if let problem = problem(with: verifier) { throw problem }
        return base64URL(sha256(Array(verifier.utf8)))
    }

    /// What is wrong with `verifier`, or `nil` when it is one. Bytes, not `Character`s: once every
    /// byte is ASCII, bytes and characters are the same count.
    static func problem(with verifier: String) -> InvalidVerifier? {
        let bytes = verifier.utf8
        guard bytes.allSatisfy(isUnreserved) else { return .badCharacter }
        if bytes.count < minVerifierLength { return .tooShort }
        if bytes.count > maxVerifierLength { return .tooLong }
        return nil
    }

    /// What ``newVerifier()`` makes of `bytes` (the vectors pin 32 known bytes).
    static func verifier(fromBytes bytes: [UInt8]) -> String {
        base64URL(bytes)
    }

    /// `[A-Za-z0-9-._~]`, RFC 3986's unreserved characters.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    /// Base64url without padding (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        #if canImport(CryptoKit)
        return Array(SHA256.hash(data: Data(bytes)))
        #else
        return PortableSHA256.hash(bytes)
        #endif
    }
}

#if !canImport(CryptoKit)
/// SHA-256 (FIPS 180-4) where CryptoKit does not exist (Linux, where `swift test` runs on CI
/// machines without Xcode). Written out because the package has no dependencies (swift-crypto
/// would be one for every app that adds the package) and Foundation has no hash; Apple
/// platforms use CryptoKit. The vectors in `test/vectors/pkce.json` run through it on Linux.
enum PortableSHA256 {
    private static let initial: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]

    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func hash(_ message: [UInt8]) -> [UInt8] {
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }

        var state = initial
        var schedule = [UInt32](repeating: 0, count: 64)
        for block in stride(from: 0, to: padded.count, by: 64) {
            for i in 0..<16 {
                let at = block + 4 * i
                let high = UInt32(padded[at]) << 24 | UInt32(padded[at + 1]) << 16
                schedule[i] = high | UInt32(padded[at + 2]) << 8 | UInt32(padded[at + 3])
            }
            for i in 16..<64 {
                let s0 = rotateRight(schedule[i - 15], 7) ^ rotateRight(schedule[i - 15], 18) ^ (schedule[i - 15] >> 3)
                let s1 = rotateRight(schedule[i - 2], 17) ^ rotateRight(schedule[i - 2], 19) ^ (schedule[i - 2] >> 10)
                schedule[i] = schedule[i - 16] &+ s0 &+ schedule[i - 7] &+ s1
            }
            var (a, b, c, d) = (state[0], state[1], state[2], state[3])
            var (e, f, g, h) = (state[4], state[5], state[6], state[7])
            for i in 0..<64 {
                let sigma1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
                let choice = (e & f) ^ (~e & g)
                let temp1 = h &+ sigma1 &+ choice &+ roundConstants[i] &+ schedule[i]
                let sigma0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let temp2 = sigma0 &+ majority
                h = g
                g = f
                f = e
                e = d &+ temp1
                d = c
                c = b
                b = a
                a = temp1 &+ temp2
            }
            for (i, word) in [a, b, c, d, e, f, g, h].enumerated() { state[i] = state[i] &+ word }
        }
        return state.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }

    private static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }
}
#endif
