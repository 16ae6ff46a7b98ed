import Foundation

/// What the 小登录 mini-program handed back to the app: `WXLaunchMiniProgramResp.extMsg`, read.
///
/// ```swift
/// func onResp(_ resp: BaseResp) {
///     guard let launch = resp as? WXLaunchMiniProgramResp else { return }
///     switch LaunchResult(extMsg: launch.extMsg) {
///     case let .success(ticket, _): sendToBackend(ticket)
///     case .cancelled: break
///     case let .failure(code, message): show(code, message)
///     case .malformed: show(0, "unexpected reply")
///     }
/// }
/// ```
///
/// The rules are those of the TypeScript reference (`sdk/ext-msg.ts`) and are held to
/// `test/vectors/ext-msg.json`.
public enum LaunchResult: Sendable, Hashable {
    /// `code=200`: a one-time ticket for the app's backend. It expires after the pool's
    /// `ticketExpiresAfter` (120 s by default): exchange it at once.
    case success(ticket: String, message: String)
    /// `code=400`: the user declined (phone sheet, privacy sheet, or cancel).
    case cancelled(message: String)
    /// Any other status: 403 refused, 404 unknown pool, 422 bad launch parameters, 429 rate
    /// limited, 500 service error, 503 network or WeChat unavailable. `message` is the
    /// mini-program's fixed text for it (e.g. `参数错误：userPoolId`), empty when absent.
    case failure(code: Int, message: String)
    /// Not an `extMsg` of this contract (empty, WeChat's default `{}`, no usable code, or a
    /// success without a valid ticket). `raw` is the string as it came, untrimmed.
    case malformed(raw: String)

    /// Reads an `extMsg`, in the query form (`code=200&message=…&ticket=…`) or the JSON-object
    /// form some older Android WeChat builds produce. Never traps, whatever the input.
    ///
    /// - Parameter extMsg: `WXLaunchMiniProgramResp.extMsg`; `nil` reads as `.malformed(raw: "")`.
    public init(extMsg: String?) {
        let raw = extMsg ?? ""
        let trimmed = ExtMsgFields.trimmed(raw)
        let fields = trimmed.utf8.first == UInt8(ascii: "{")
            ? ExtMsgFields.ofJSONObject(trimmed)
            : ExtMsgFields.ofQuery(trimmed)
        guard let fields = fields, let codeText = fields["code"], let code = Contract.statusCode(codeText) else {
            self = .malformed(raw: raw)
            return
        }
        let message = fields["message"] ?? ""
        switch code {
        case 200:
            guard let ticket = fields["ticket"], Contract.isTicket(ticket) else {
                self = .malformed(raw: raw)
                return
            }
            self = .success(ticket: ticket, message: message)
        case 400:
            self = .cancelled(message: message)
        default:
            self = .failure(code: code, message: message)
        }
    }

    /// The status code: 200, 400, the failure's code, or `nil` when malformed.
    public var code: Int? {
        switch self {
        case .success: return 200
        case .cancelled: return 400
        case let .failure(code, _): return code
        case .malformed: return nil
        }
    }

    /// The mini-program's message, or `nil` when malformed.
    public var message: String? {
        switch self {
        case let .success(_, message), let .cancelled(message), let .failure(_, message): return message
        case .malformed: return nil
        }
    }

    /// The ticket of a success, otherwise `nil`.
    public var ticket: String? {
        if case let .success(ticket, _) = self { return ticket }
        return nil
    }
}
