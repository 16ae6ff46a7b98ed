import Foundation

/// Splits a raw `extMsg` into its fields. Mirrors `sdk/ext-msg.ts`: the query form is split on
/// `&`, each part at its first `=`, `+` read as a space and percent-decoded once (a broken escape
/// keeps the part as it came); the first occurrence of a key wins. The JSON form keeps string and
/// number members. Works on UTF-8 bytes, so no input can make it trap.
enum ExtMsgFields {
    /// JavaScript's `String.prototype.trim` set: its WhiteSpace and LineTerminator characters.
    /// (Foundation's `.whitespacesAndNewlines` differs: it trims U+0085 and keeps U+FEFF.)
    private static let javaScriptWhitespace: Set<Unicode.Scalar> = {
        var scalars: Set<Unicode.Scalar> = [
            "\u{09}", "\u{0A}", "\u{0B}", "\u{0C}", "\u{0D}", "\u{20}", "\u{A0}", "\u{1680}",
            "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}",
        ]
        for value in UInt32(0x2000)...UInt32(0x200A) {
            if let scalar = Unicode.Scalar(value) { scalars.insert(scalar) }
        }
        return scalars
    }()

    static func trimmed(_ raw: String) -> String {
        let scalars = raw.unicodeScalars
        guard let start = scalars.firstIndex(where: { !javaScriptWhitespace.contains($0) }),
              let last = scalars.lastIndex(where: { !javaScriptWhitespace.contains($0) })
        else { return "" }
        return String(scalars[start...last])
    }

    static func ofQuery(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        let parts = Array(text.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true)
        for part in parts {
            let key: String
            let value: String
            if let equals = part.firstIndex(of: UInt8(ascii: "=")) {
                key = decoded(part[part.startIndex..<equals])
                value = decoded(part[part.index(after: equals)...])
            } else {
                key = decoded(part)
                value = ""
            }
            if fields[key] == nil { fields[key] = value }
        }
        return fields
    }

    /// `nil` unless `text` is a JSON object.
    static func ofJSONObject(_ text: String) -> [String: String]? {
        guard let members = try? JSONDecoder().decode([String: Member].self, from: Data(text.utf8)) else {
            return nil
        }
        var fields: [String: String] = [:]
        for (key, member) in members {
            switch member {
            case let .string(value): fields[key] = value
            case let .number(value): fields[key] = javaScriptString(value)
            case .other: break
            }
        }
        return fields
    }

    /// `decodeURIComponent(part.replace(/\+/g, ' '))`, or the part unchanged when that fails.
    /// A `&`/`=` split can only cut between ASCII bytes, so every part is valid UTF-8.
    private static func decoded(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    /// `String(n)` in JavaScript for the numbers a code or ticket can be: integers print plainly.
    /// Other numbers use Swift's shortest round-trip form, which can differ from JavaScript's in
    /// exponent notation; no valid code or ticket is such a number.
    private static func javaScriptString(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return String(value)
    }

    /// One member of a JSON-object `extMsg`. Booleans, null, arrays and objects are ignored, as
    /// `typeof value === 'string' | 'number'` does in the TypeScript reference.
    private enum Member: Decodable {
        case string(String)
        case number(Double)
        case other

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else if (try? container.decode(Bool.self)) != nil {
                self = .other
            } else if let number = try? container.decode(Double.self), number.isFinite {
                self = .number(number)
            } else {
                self = .other
            }
        }
    }
}
