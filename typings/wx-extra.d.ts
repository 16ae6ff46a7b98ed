/**
 * WeChat APIs that miniprogram-api-typings does not declare. Declared once, here.
 * `navigateBackApplication` is an undocumented JsApi (see docs/launcher.md): its `extraData`
 * reaches the launching app as `WXLaunchMiniProgramResp.extMsg`. The typings also get the
 * `onNeedPrivacyAuthorization` listener wrong (it receives `resolve` and `eventInfo`).
 */
declare namespace WechatMiniprogram {
  interface NavigateBackApplicationOption {
    /** Delivered to the app as extMsg; this project always passes the query-form string. */
    extraData: string | Record<string, string | number>;
    success?: (result: GeneralCallbackResult) => void;
    /** errMsg `navigateBackApplication:fail:not from opensdk` when the page was not opened by an app. */
    fail?: (result: GeneralCallbackResult) => void;
    complete?: (result: GeneralCallbackResult) => void;
  }

  type PrivacyDecision = { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };

  interface Wx {
    navigateBackApplication?(option: NavigateBackApplicationOption): void;
    onNeedPrivacyAuthorization(listener: (resolve: (decision: PrivacyDecision) => void, eventInfo: { referrer: string }) => void): void;
  }
}
