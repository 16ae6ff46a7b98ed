import Foundation

/// The user a ticket was exchanged for (`data` of `POST /oauth/app2wxapp/auth/:userPoolId`).
///
/// Only `id` and `token` are required; every other field is optional so that a service that adds
/// or drops a field does not break the app. Instants are ISO 8601 strings as sent.
public struct ExchangedUser: Decodable, Sendable, Hashable {
    /// The user's id (`_id`).
    public let id: String
    /// The login token for your own API calls.
    public let token: String
    /// When `token` expires (ISO 8601).
    public let tokenExpiredAt: String?
    /// The phone number, when the login asked for it or the account has one.
    public let phone: String?
    /// The phone's country code, e.g. `86`.
    public let phoneCountryCode: String?
    /// The WeChat openid for the mini-program that logged the user in.
    public let openid: String?
    /// The WeChat unionid, when the mini-program is bound to an Open Platform account.
    public let unionid: String?
    /// The nickname.
    public let nickname: String?
    /// The avatar URL.
    public let photo: String?
    /// How the account was created: `oauth:app2wxapp` for this flow.
    public let registerMethod: String?
    /// How many times the user has logged in.
    public let loginsCount: Int?
    /// The previous login (ISO 8601).
    public let lastLogin: String?
    /// When the account was created (ISO 8601).
    public let signedUp: String?
    /// The IP address of the last login.
    public let lastIP: String?
    /// Whether the account is blocked.
    public let blocked: Bool?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case token, tokenExpiredAt, phone, phoneCountryCode, openid, unionid, nickname, photo
        case registerMethod, loginsCount, lastLogin, signedUp, lastIP, blocked
    }
}
