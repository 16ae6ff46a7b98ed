import Foundation

/// The character-level rules of the 小登录 contract, shared by the launch request, the `extMsg`
/// parser and the ticket exchange. They mirror the TypeScript reference (`sdk/launch-path.ts`,
/// `sdk/ext-msg.ts`) byte for byte: every check runs on UTF-8 bytes, never on `Character`s, so a
/// combining mark after a separator cannot hide it.
enum Contract {
    /// A user pool id: exactly 24 lowercase hex digits (`^[0-9a-f]{24}$`).
    static func isPoolId(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.count == 24 && bytes.allSatisfy { isDigit($0) || (0x61...0x66).contains($0) }
    }

    /// A ticket: 1 to 512 characters of `[A-Za-z0-9_-]`.
    static func isTicket(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...512).contains(bytes.count) && bytes.allSatisfy { isUnreservedTicketByte($0) }
    }

    /// The status code of an `extMsg`: three ASCII digits, the first 1 to 5 (`^[1-5][0-9]{2}$`).
    static func statusCode(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 3, (0x31...0x35).contains(bytes[0]), isDigit(bytes[1]), isDigit(bytes[2]) else {
            return nil
        }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
    /// Total: works on the UTF-8 bytes, so unlike `addingPercentEncoding` it never returns nil.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var out = String.UnicodeScalarView()
        for byte in text.utf8 {
            if isUnreservedTicketByte(byte) || byte == 0x2E || byte == 0x7E {
                out.append(Unicode.Scalar(byte))
            } else {
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(out)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte)
    }

    /// `[A-Za-z0-9_-]`
    private static func isUnreservedTicketByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte == 0x2D
    }
}
