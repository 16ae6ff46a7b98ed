import Foundation

/// The user a ticket was exchanged for (`data` of `POST /oauth/app2wxapp/auth/:userPoolId`).
///
/// Read from every shape the exchange has answered in: Authing's 小登录, this service 0.1.0
/// (`null` for an unknown string) and now (`""` for an unknown string, plus Authing's other
/// fields). An unknown string reads as `nil` whichever way it was sent, so every shape gives the
/// same user; a field of the wrong type is refused (``UnreadableField``), and unknown fields are
/// ignored. The rules are those of `sdk/exchanged-user.ts` and the Android library, held to
/// `test/vectors/exchanged-user.json`. Instants are ISO 8601 strings as sent.
public struct ExchangedUser: Decodable, Sendable, Hashable {
    /// The user's id (`_id`).
    public let id: String
    /// The phone number, when the login asked for it or the account has one.
    public let phone: String?
    /// The phone's country code, e.g. `+86`.
    public let phoneCountryCode: String?
    /// The WeChat openid for the mini-program that logged the user in.
    public let openid: String
    /// The WeChat unionid, when the mini-program is bound to an Open Platform account.
    public let unionid: String?
    /// The nickname.
    public let nickname: String?
    /// The avatar URL.
    public let photo: String?
    /// How many times the user has logged in.
    public let loginsCount: Int
    /// The previous login (ISO 8601).
    public let lastLogin: String?
    /// When the account was created (ISO 8601).
    public let signedUp: String
    /// The IP address of the last login.
    public let lastIP: String?
    /// Whether the account is blocked (`false` when the answer does not say).
    public let blocked: Bool
    /// The login token for your own API calls (an ES256 JWT the service's JWKS verifies). Never log it.
    public let token: String
    /// When `token` expires (ISO 8601).
    public let tokenExpiredAt: String

    /// A field of `data` that is missing or not what the contract says.
    public struct UnreadableField: Swift.Error, Sendable, Hashable {
        /// The field's name on the wire (`_id`, `token`, …), or `(data)` when `data` is not an object.
        public let field: String
    }

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case phone, phoneCountryCode, openid, unionid, nickname, photo, loginsCount, lastLogin, signedUp, lastIP
        case blocked, token, tokenExpiredAt
    }

    /// Reads the fields in the order `sdk/exchanged-user.ts` does, so every reader names the same
    /// first refusal.
    ///
    /// - Throws: ``UnreadableField`` naming the first field that is missing or of the wrong type.
    public init(from decoder: Decoder) throws {
        guard let fields = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw UnreadableField(field: "(data)")
        }
        loginsCount = try Self.count(fields, .loginsCount)
        blocked = try Self.flag(fields, .blocked)
        id = try Self.required(fields, .id)
        phone = try Self.optional(fields, .phone)
        phoneCountryCode = try Self.optional(fields, .phoneCountryCode)
        openid = try Self.required(fields, .openid)
        unionid = try Self.optional(fields, .unionid)
        nickname = try Self.optional(fields, .nickname)
        photo = try Self.optional(fields, .photo)
        lastLogin = try Self.optional(fields, .lastLogin)
        signedUp = try Self.required(fields, .signedUp)
        lastIP = try Self.optional(fields, .lastIP)
        token = try Self.required(fields, .token)
        tokenExpiredAt = try Self.required(fields, .tokenExpiredAt)
    }

    private typealias Fields = KeyedDecodingContainer<CodingKeys>

    /// A non-empty string.
    private static func required(_ fields: Fields, _ key: CodingKeys) throws -> String {
        guard let value = try optional(fields, key) else { throw UnreadableField(field: key.rawValue) }
        return value
    }

    /// A string; absent, `null` and `""` (both ways of saying unknown) read as `nil`.
    private static func optional(_ fields: Fields, _ key: CodingKeys) throws -> String? {
        guard let value = try? fields.decodeIfPresent(String.self, forKey: key) else {
            if (try? fields.decodeNil(forKey: key)) ?? true { return nil }
            throw UnreadableField(field: key.rawValue)
        }
        return value.isEmpty ? nil : value
    }

    /// A whole number from 0.
    private static func count(_ fields: Fields, _ key: CodingKeys) throws -> Int {
        guard let value = try? fields.decode(Int.self, forKey: key), value >= 0 else {
            throw UnreadableField(field: key.rawValue)
        }
        return value
    }

    /// A boolean; absent or `null` reads as `false`.
    private static func flag(_ fields: Fields, _ key: CodingKeys) throws -> Bool {
        guard let value = try? fields.decodeIfPresent(Bool.self, forKey: key) else {
            if (try? fields.decodeNil(forKey: key)) ?? true { return false }
            throw UnreadableField(field: key.rawValue)
        }
        return value
    }
}
