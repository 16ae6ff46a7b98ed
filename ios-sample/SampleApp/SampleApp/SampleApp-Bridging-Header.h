// WechatOpenSDK is Objective-C; its headers reach Swift through this bridging header
// (SWIFT_OBJC_BRIDGING_HEADER in project.yml). The `WechatOpenSDK-XCFramework` pod ships the SDK as
// the framework `WechatOpenSDK`, so the headers are imported by framework path (SDK 2.0.5 and
// later no longer answer to a bare "WXApi.h").
#import <WechatOpenSDK/WXApi.h>
#import <WechatOpenSDK/WXApiObject.h>
