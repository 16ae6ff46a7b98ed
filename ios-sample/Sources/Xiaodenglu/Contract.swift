import Foundation

/// The character-level rules of the 小登录 contract, shared by the launch request, the `extMsg`
/// parser and the ticket exchange. They mirror the TypeScript reference (`sdk/launch-path.ts`,
/// `sdk/ext-msg.ts`) and the service's request schema byte for byte: every check runs on UTF-8
/// bytes, never on `Character`s, so a combining mark after a separator cannot hide it.
enum Contract {
    /// What both error types say about a value that is not a pool id.
    static let poolIdExplanation = "userPoolId must be the 24 lowercase hex characters of a user pool id"

    /// A user pool id: exactly 24 lowercase hex digits (`^[0-9a-f]{24}$`).
    static func isPoolId(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.count == 24 && bytes.allSatisfy { isDigit($0) || (0x61...0x66).contains($0) }
    }

    /// A ticket as `extMsg` may carry it: 1 to 512 characters of `[A-Za-z0-9_-]`
    /// (`TICKET_PATTERN` in `miniprogram/core/ext-msg.ts`, which `sdk/ext-msg.ts` reads with).
    static func isTicket(_ text: String) -> Bool {
        isTicketText(text, lengths: 1...512)
    }

    /// A ticket the service can exchange: 16 to 128 characters of `[A-Za-z0-9_-]` (the exchange
    /// body's schema in `server/http/schemas.ts`; the tickets it issues have 43). The service refuses
    /// anything else with 422 before looking at it, so it is not worth sending.
    static func isExchangeableTicket(_ text: String) -> Bool {
        isTicketText(text, lengths: 16...128)
    }

    /// A PKCE S256 challenge as the launch path carries it: BASE64URL of a SHA-256 digest, exactly
    /// 43 characters of `[A-Za-z0-9_-]`.
    static func isS256Challenge(_ text: String) -> Bool {
        isTicketText(text, lengths: 43...43)
    }

    /// A mini-program's original id: `gh_` then 1 to 64 ASCII letters or digits
    /// (`^gh_[A-Za-z0-9]{1,64}$`).
    static func isOriginalId(_ text: String) -> Bool {
        let bytes = text.utf8
        guard (4...67).contains(bytes.count), bytes.starts(with: "gh_".utf8) else { return false }
        return bytes.dropFirst(3).allSatisfy { isDigit($0) || isLetter($0) }
    }

    /// Starts with `wx`, as every AppID does: the value people most often put where the original
    /// id belongs.
    static func looksLikeAppId(_ text: String) -> Bool {
        text.utf8.starts(with: "wx".utf8)
    }

    /// The status code of an `extMsg`: three ASCII digits, the first 1 to 5 (`^[1-5][0-9]{2}$`).
    static func statusCode(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 3, (0x31...0x35).contains(bytes[0]), isDigit(bytes[1]), isDigit(bytes[2]) else {
            return nil
        }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// JavaScript's `encodeURIComponent`, which the TypeScript reference applies to query values:
    /// every UTF-8 byte except `A-Z a-z 0-9 - _ . ! ~ * ' ( )` becomes `%XX` (uppercase hex).
    /// Total: a Swift string is always valid Unicode, so unlike `encodeURIComponent` (on a lone
    /// surrogate) or `addingPercentEncoding` it cannot fail.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var out = String.UnicodeScalarView()
        for byte in text.utf8 {
            if isTicketByte(byte) || uriComponentMarks.contains(byte) {
                out.append(Unicode.Scalar(byte))
            } else {
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(out)
    }

    /// The marks `encodeURIComponent` leaves as they are besides `-` and `_`: `. ! ~ * ' ( )`.
    private static let uriComponentMarks: Set<UInt8> = [0x2E, 0x21, 0x7E, 0x2A, 0x27, 0x28, 0x29]

    private static func isTicketText(_ text: String, lengths: ClosedRange<Int>) -> Bool {
        let bytes = text.utf8
        return lengths.contains(bytes.count) && bytes.allSatisfy { isTicketByte($0) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte)
    }

    /// `[A-Za-z]`
    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// `[A-Za-z0-9_-]`
    private static func isTicketByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte) || byte == 0x5F || byte == 0x2D
    }
}
