import SwiftUI

/// One button and the state of the login.
struct ContentView: View {
    @ObservedObject var login: WeChatLogin

    var body: some View {
        VStack(spacing: 24) {
            Text("小登录 sample").font(.title)
            Button("Log in with WeChat") { login.start() }
                .buttonStyle(.borderedProminent)
                // Enabled while waiting for WeChat: someone who comes back without a reply (home
                // screen, app switcher) gets no callback, and tapping again is the way out.
                .disabled(login.state == .signingIn)
            Text(describe(login.state)).foregroundStyle(.secondary)
        }
        .padding()
    }

    private func describe(_ state: WeChatLogin.State) -> String {
        switch state {
        case .idle: return "Not logged in."
        case .waitingForWeChat: return "Waiting for WeChat… Came back without logging in? Tap the button again."
        case .signingIn: return "Signing in…"
        case let .signedIn(userId): return "Signed in as \(userId)."
        case .cancelled: return "Cancelled."
        case let .failed(reason): return reason
        }
    }
}
