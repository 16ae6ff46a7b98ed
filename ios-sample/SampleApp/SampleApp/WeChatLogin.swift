import Foundation
import Xiaodenglu

/// Drives one 小登录 login: launch the mini-program with a PKCE challenge, read what it hands
/// back, send the ticket and the verifier to the app's own backend. It is the `WXApiDelegate`
/// WeChat calls back.
@MainActor
final class WeChatLogin: NSObject, ObservableObject {
    /// What the screen shows.
    enum State: Equatable {
        case idle
        case waitingForWeChat
        case signingIn
        case signedIn(userId: String)
        case cancelled
        case failed(String)
    }

    @Published private(set) var state: State = .idle

    private let configuration: AppConfiguration
    private let backend: Backend
    /// The PKCE verifier of the launch in progress: only this app knows it, so a ticket stolen on
    /// the way back cannot be exchanged. Kept in memory only and never logged.
    private var codeVerifier: String?

    init(configuration: AppConfiguration, backend: Backend) {
        self.configuration = configuration
        self.backend = backend
    }

    /// Step 1: open the mini-program. Also while `.waitingForWeChat`: returning from WeChat without
    /// a reply calls nothing back, so a new tap must be able to start over.
    func start() {
        // The ticket is with the backend; a second launch now would only race it.
        guard state != .signingIn else { return }
        guard WXApi.isWXAppInstalled() else {
            state = .failed("WeChat is not installed.")
            return
        }
        // A new verifier per launch. A reply to an earlier launch that still arrives carries a
        // ticket bound to the old challenge, and the backend's exchange refuses it.
        let verifier = Pkce.newVerifier()
        let launch: LaunchRequest
        do {
            launch = try LaunchRequest(
                userPoolId: configuration.userPoolId,
                wantPhone: true,
                userName: configuration.miniProgramUserName,
                programType: configuration.programType,
                codeChallenge: try Pkce.challenge(for: verifier)
            )
        } catch {
            state = .failed(error.localizedDescription)
            return
        }
        codeVerifier = verifier
        let request = WXLaunchMiniProgramReq.object()
        request.userName = launch.userName
        request.path = launch.path
        request.miniProgramType = WXMiniProgramType(rawValue: launch.programType.rawValue) ?? .release
        state = .waitingForWeChat
        WXApi.send(request) { [weak self] sent in
            // The Task takes `self` in its own capture list: reading the outer closure's captured
            // `weak var self` inside concurrently-executing code is an error from Swift 5.10
            // (Xcode 15.3) on and in Swift 6 mode.
            Task { @MainActor [weak self] in
                guard let login = self, !sent else { return }
                login.state = .failed("WeChat could not be opened.")
            }
        }
    }

    /// Step 2a: WeChat came back through the app's URL scheme (or SwiftUI passed a Universal Link).
    func handle(url: URL) {
        if url.scheme == "https" {
            let activity = NSUserActivity(activityType: NSUserActivityTypeBrowsingWeb)
            activity.webpageURL = url
            handle(userActivity: activity)
        } else {
            _ = WXApi.handleOpen(url, delegate: self)
        }
    }

    /// Step 2b: WeChat came back through the Universal Link.
    func handle(userActivity: NSUserActivity) {
        _ = WXApi.handleOpenUniversalLink(userActivity, delegate: self)
    }

    /// Step 3: read the result, and send a ticket to the backend.
    private func finish(errCode: Int32, extMsg: String?) {
        // A response can arrive twice (URL and activity) or after the login ended; only one to a
        // launch still waiting counts.
        guard state == .waitingForWeChat else { return }
        guard errCode == 0 else {
            // -3 (WXErrCodeSentFail) usually means a wrong userName or an app not associated with
            // the mini-program on the Open Platform. See ios-sample/README.md.
            state = .failed("WeChat could not open the mini-program (errCode \(errCode)).")
            return
        }
        switch LaunchResult(extMsg: extMsg) {
        case let .success(ticket, _):
            state = .signingIn
            let verifier = codeVerifier
            codeVerifier = nil
            let poolId = configuration.userPoolId
            let backend = self.backend
            Task { @MainActor [weak self] in
                let outcome: State
                do {
                    let session = try await backend.signIn(poolId: poolId, ticket: ticket, codeVerifier: verifier)
                    outcome = .signedIn(userId: session.userId)
                } catch {
                    // The backend's own `message` when it sent one (Backend.Failure).
                    outcome = .failed(error.localizedDescription)
                }
                self?.state = outcome
            }
        case .cancelled:
            state = .cancelled
        case let .failure(code, message):
            state = .failed("\(message) (\(code))")
        case .malformed:
            state = .failed("The mini-program sent an unexpected reply.")
        }
    }
}

extension WeChatLogin: WXApiDelegate {
    nonisolated func onReq(_ req: BaseReq) {}

    /// WeChat calls this on the main thread after `handleOpen…`.
    nonisolated func onResp(_ resp: BaseResp) {
        guard let launch = resp as? WXLaunchMiniProgramResp else { return }
        let errCode = launch.errCode
        let extMsg = launch.extMsg
        Task { @MainActor in
            self.finish(errCode: errCode, extMsg: extMsg)
        }
    }
}
