/**
 * The words for the simulated WeChat user that the host and the e2e suite (test/e2e/support/) share:
 * how the mini-program was opened, how the phone sheet and the privacy sheet answer, and what reaches
 * the app and the network. Types and constants only — the e2e suite imports them to drive real DevTools
 * over the automation protocol, so nothing here may depend on the host running.
 */

/**
 * Entry scenes (`wx.getEnterOptionsSync().scene`), from WeChat's scene list
 * https://developers.weixin.qq.com/miniprogram/dev/reference/scene-list.html — three entries are
 * "recently used" lists, and they are different numbers:
 * - 1001 发现页小程序「最近使用」列表 (Discover → Mini Programs; 基础库 2.2.4–2.29.0 also 「我的小程序」);
 * - 1089 微信聊天主界面下拉，「最近使用」栏 (pulling down the chat list);
 * - 1090 长按小程序右上角菜单唤出最近使用历史 (the capsule menu's history).
 *
 * WeChat's launchApp page (https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/launchApp.html)
 * gives the way back to the app on 1069 and lets 1038, 1089, 1090, 1001, 1131 and 1187 keep whatever the
 * previous opening had; neither the host nor the e2e user remembers a previous opening, so from those
 * scenes there is no way back, as on a first opening.
 */
export const ENTRY_SCENE = {
  /** 移动应用通过 openSDK 打开小程序: an app launched it (WXLaunchMiniProgramReq). */
  fromApp: 1069,
  /** 扫描二维码: a 普通链接二维码, whose link arrives as the `q` query. */
  linkQrCode: 1011,
  /** 扫描小程序码: the code's `scene` arrives as the `scene` query. */
  wxaCode: 1047,
  /** The Discover page's 「最近使用」 list. */
  recentsFromDiscover: 1001,
  /** The 「最近使用」 bar shown by pulling down the chat list. */
  recentsFromChatPullDown: 1089,
} as const;

/** The appid an app launch reports as `referrerInfo.appId` unless a test names another. */
export const DEFAULT_REFERRER_APP_ID = 'wx0000000000demoapp';

export interface EntryContext {
  /** `wx.getEnterOptionsSync().scene`: one of ENTRY_SCENE, or any other number of WeChat's list. */
  scene: number;
  /** `referrerInfo.appId`: the launching app's appid for scene 1069; null when nothing referred. */
  referrerAppId: string | null;
}

/** Opened by an app: how every scenario starts unless it says otherwise. */
export const DEFAULT_ENTRY: Readonly<EntryContext> = Object.freeze({ scene: ENTRY_SCENE.fromApp, referrerAppId: DEFAULT_REFERRER_APP_ID });

/** What the user does when the getPhoneNumber sheet opens. */
export const PHONE_SHEET_ANSWERS = [
  'allow', // the new `code` plus the legacy encryptedData/iv
  'allow-legacy', // base library < 2.21.2: encryptedData/iv only, no `code`
  'deny',
  'no-permission',
  'quota',
  'needs-sms-verification',
] as const;
export type PhoneSheetAnswer = (typeof PHONE_SHEET_ANSWERS)[number];

/** The phone's appearance setting (WeChat follows it when app.json sets `darkmode`). */
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export type PhoneSheetRefusal = Exclude<PhoneSheetAnswer, 'allow' | 'allow-legacy'>;

/** The `detail` of a `getphonenumber` event that carries no phone. */
export type PhoneFailureDetail = { readonly errMsg: string; readonly errno?: number };

/** What WeChat hands `bindgetphonenumber` for each refusal, as real clients report it. */
export const PHONE_REFUSAL_DETAILS: Readonly<Record<PhoneSheetRefusal, PhoneFailureDetail>> = Object.freeze({
  deny: { errMsg: 'getPhoneNumber:fail user deny' },
  'no-permission': { errMsg: 'getPhoneNumber:fail no permission' },
  // errno 1400001 is official; the accompanying text is unconfirmed.
  quota: { errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 },
  'needs-sms-verification': { errMsg: 'getPhoneNumber:fail 用户绑定的手机需要进行验证，请在客户端完成短信验证步骤' },
});

/** The privacy guide's name, as `wx.getPrivacySetting` reports it. */
export const PRIVACY_CONTRACT_NAME = '《小登录隐私保护指引》';

/** A privacy-gated API or button while the user has not agreed: `<api>:fail <errMsg>`, with this errno. */
export const PRIVACY_REFUSAL = Object.freeze({ errMsg: 'privacy permission is not authorized', errno: 104 });

/** The phone button without privacy consent: the sheet never opens. */
export const PHONE_PRIVACY_REFUSED_DETAIL: PhoneFailureDetail = Object.freeze({
  errMsg: `getPhoneNumber:fail ${PRIVACY_REFUSAL.errMsg}`,
  errno: PRIVACY_REFUSAL.errno,
});

/** What the app receives when the mini-program goes back to it. */
export interface AppReturn {
  via: 'navigateBackApplication' | 'launchApp';
  /** Exactly the string the app's `WXLaunchMiniProgramResp.extMsg` would hold. */
  extMsg: string;
}

/** One `wx.request` of the mini-program, as reported to a test: never its bodies. */
export interface RequestRecord {
  method: string;
  /** The URL the page asked for, without its query. */
  url: string;
  /** Status, or the `request:fail …` text. */
  outcome: number | string;
}
