import Foundation
import Xiaodenglu

/// Everything that differs between deployments. Replace the sample values with yours.
struct AppConfiguration {
    /// Your mobile app's AppID on the WeChat Open Platform (`wx…`): `WECHAT_APP_ID` in project.yml,
    /// which Info.plist also makes the URL scheme WeChat returns through.
    let wechatAppId: String
    /// The Universal Link registered for the app on the Open Platform: https, ending in "/".
    let universalLink: String
    /// The 小登录 mini-program's original id (`gh_…`), not its AppID.
    let miniProgramUserName: String
    /// 正式版 for builds that reach users; 体验版 / 开发版 only for testers / developers.
    let programType: LaunchRequest.ProgramType
    /// Your user pool.
    let userPoolId: String
    /// Your own backend, which exchanges the ticket with the pool secret (examples/app-backend/
    /// serves the contract this sample calls).
    let backendURL: URL

    static let sample = AppConfiguration(
        wechatAppId: infoString("WeChatAppID"),
        universalLink: "https://app.example.com/wechat/",
        miniProgramUserName: "gh_a781a791e29e",
        programType: .release,
        userPoolId: "5e4cdd055df3df65dc58b97d",
        backendURL: url("https://api.app.example.com")
    )

    /// A build setting Info.plist passes on (`$(NAME)`), read at run time.
    private static func infoString(_ key: String) -> String {
        guard let value = Bundle.main.object(forInfoDictionaryKey: key) as? String, !value.isEmpty, !value.hasPrefix("$(") else {
            preconditionFailure("Info.plist has no \(key): set its build setting in project.yml")
        }
        return value
    }

    private static func url(_ literal: String) -> URL {
        guard let url = URL(string: literal) else { preconditionFailure("invalid URL literal \(literal)") }
        return url
    }
}
