import SwiftUI
import UIKit

/// The sample's entry point: registers with WeChat at launch and forwards every URL and
/// Universal Link WeChat sends back to `WXApi`, which then calls `WeChatLogin.onResp`.
/// `@MainActor` because it creates `WeChatLogin` (main-actor isolated) for its `@StateObject`.
@main
@MainActor
struct SampleApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var appDelegate
    @StateObject private var login = WeChatLogin(configuration: .sample, backend: Backend(baseURL: AppConfiguration.sample.backendURL))

    var body: some Scene {
        WindowGroup {
            ContentView(login: login)
                // SwiftUI hands both custom-scheme URLs (wx<AppID>://…) and Universal Links here.
                .onOpenURL { url in login.handle(url: url) }
                // Some iOS versions deliver Universal Links as a browsing activity instead.
                .onContinueUserActivity(NSUserActivityTypeBrowsingWeb) { activity in
                    login.handle(userActivity: activity)
                }
        }
    }
}

/// Registration must happen before WeChat can hand anything back, so it runs at launch.
final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        let configuration = AppConfiguration.sample
        // The Universal Link must equal the one set on the Open Platform: https, ending in "/".
        if !WXApi.registerApp(configuration.wechatAppId, universalLink: configuration.universalLink) {
            print("WXApi.registerApp failed: check LSApplicationQueriesSchemes (weixin, weixinULAPI) and the Universal Link")
        }
        return true
    }
}
