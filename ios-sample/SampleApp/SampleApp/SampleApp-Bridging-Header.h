// WechatOpenSDK is Objective-C. With the CocoaPods `WechatOpenSDK` pod (a static library) its
// headers reach Swift through this bridging header (SWIFT_OBJC_BRIDGING_HEADER in project.yml).
// If your copy of the SDK is a module (an XCFramework or an SPM wrapper), delete this file and
// the build setting and write `import WechatOpenSDK` in the Swift files instead.
#import "WXApi.h"
#import "WXApiObject.h"
