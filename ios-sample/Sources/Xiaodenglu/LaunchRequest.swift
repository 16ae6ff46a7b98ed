import Foundation

/// What an app copies into `WXLaunchMiniProgramReq` to open the 小登录 mini-program.
///
/// ```swift
/// let verifier = Pkce.newVerifier()   // keep it until the result arrives; never log it
/// let launch = try LaunchRequest(
///     userPoolId: "5e4cdd055df3df65dc58b97d",
///     userName: "gh_a781a791e29e",
///     codeChallenge: try Pkce.challenge(for: verifier)
/// )
/// let req = WXLaunchMiniProgramReq.object()
/// req.userName = launch.userName
/// req.path = launch.path
/// req.miniProgramType = WXMiniProgramType(rawValue: launch.programType.rawValue) ?? .release
/// WXApi.send(req)
/// ```
///
/// The value is validated when it is made, so `path` cannot fail. The rules are those of the
/// TypeScript reference (`sdk/launch-path.ts`) and are held to `test/vectors/launch-query.json`;
/// the `codeChallenge` rules to `test/vectors/pkce.json`.
public struct LaunchRequest: Sendable, Hashable {
    /// Which version of the mini-program WeChat opens: `WXMiniProgramType` (iOS) and
    /// `miniprogramType` (Android) use the same numbers.
    public enum ProgramType: UInt, Sendable, CaseIterable {
        /// 正式版, the published version. The only one ordinary users can open.
        case release = 0
        /// 开发版, the developer build. Opens only for the mini-program's developers.
        case test = 1
        /// 体验版, the trial build. Opens only for the mini-program's testers.
        case preview = 2
    }

    /// The page the launcher serves. The seed's prose also spells it `/routers/explore`; the page
    /// accepts both, and this package always sends this one.
    public static let route = "/routes/explore"

    /// The user pool (tenant) the login is for: 24 lowercase hex digits.
    public let userPoolId: String
    /// Ask for the user's phone number (`getPhone=1`).
    public let wantPhone: Bool
    /// Log in with the pool's own mini-program credentials (`useSelfWxapp=1`, private deployment)
    /// rather than those of the hosted mini-program.
    public let useSelfWxapp: Bool
    /// The deployment's original id, `gh_…` (not its AppID `wx…`): `WXLaunchMiniProgramReq.userName`.
    public let userName: String
    /// The version to open: `WXLaunchMiniProgramReq.miniProgramType`.
    public let programType: ProgramType
    /// The S256 challenge of the app's PKCE verifier (``Pkce/challenge(for:)``), binding the ticket
    /// to this app: the exchange must then present the verifier. `nil` sends none.
    public let codeChallenge: String?

    /// Validates the parameters of a launch.
    ///
    /// - Throws: ``LaunchRequest/Error`` naming the first field that is wrong
    ///   (`userPoolId`, then `userName`, then `codeChallenge`).
    public init(
        userPoolId: String,
        wantPhone: Bool = true,
        useSelfWxapp: Bool = false,
        userName: String,
        programType: ProgramType = .release,
        codeChallenge: String? = nil
    ) throws {
        if userPoolId.isEmpty { throw Error.userPoolId(.empty) }
        guard Contract.isPoolId(userPoolId) else { throw Error.userPoolId(.notPoolId) }
        if let reason = Self.problem(withUserName: userName) { throw Error.userName(reason) }
        if let challenge = codeChallenge, !Contract.isS256Challenge(challenge) { throw Error.codeChallenge }
        self.userPoolId = userPoolId
        self.wantPhone = wantPhone
        self.useSelfWxapp = useSelfWxapp
        self.userName = userName
        self.programType = programType
        self.codeChallenge = codeChallenge
    }

    /// `WXLaunchMiniProgramReq.path`, e.g.
    /// `/routes/explore?userPoolId=5e4cdd055df3df65dc58b97d&getPhone=1&fromApp=1&useSelfWxapp=0`,
    /// then `&codeChallenge=…` when a challenge was given.
    ///
    /// Every value is percent-encoded as `encodeURIComponent` does (`sdk/launch-path.ts`); a valid
    /// pool id, the flags and a challenge need no escape, so the path equals the reference's. `fromApp=1` is
    /// always sent, so the page returns the result to the app instead of showing it (try-it mode).
    public var path: String {
        var query: [(name: String, value: String)] = [
            ("userPoolId", userPoolId),
            ("getPhone", wantPhone ? "1" : "0"),
            ("fromApp", "1"),
            ("useSelfWxapp", useSelfWxapp ? "1" : "0"),
        ]
        if let challenge = codeChallenge { query.append(("codeChallenge", challenge)) }
        let pairs = query.map { "\($0.name)=\(Contract.percentEncoded($0.value))" }
        return Self.route + "?" + pairs.joined(separator: "&")
    }

    /// `nil` when `userName` is an original id (`Contract.isOriginalId`).
    private static func problem(withUserName userName: String) -> Error.UserNameReason? {
        if userName.isEmpty { return .empty }
        if Contract.isOriginalId(userName) { return nil }
        return Contract.looksLikeAppId(userName) ? .appId : .notOriginalId
    }
}
