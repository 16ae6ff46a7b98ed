/** WeChat could not be used right now: timeout, network, -1 after retries, 45011, or an unreadable answer. */
export class WechatUnavailableError extends Error {
  constructor(
    readonly api: string,
    readonly cause_: string,
    /** For logs and metrics: `timeout`, `network`, `http_<status>`, `malformed`, `errcode_<n>`, `sandbox`. */
    readonly outcome: string,
  ) {
    super(`WeChat ${api} unavailable: ${cause_}`);
  }
}

/** WeChat answered with an error code that retrying cannot fix (e.g. 40029: the code is spent). */
export class WechatRejectedError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`WeChat ${api} refused: ${errcode} ${errmsg}`);
  }
}

/** A phone answer watermarked for another mini-program than the one asking. */
export class PhoneWatermarkError extends Error {
  constructor(
    readonly watermarkAppid: string,
    readonly expectedAppid: string,
  ) {
    super(`the phone number is watermarked for ${watermarkAppid}, not ${expectedAppid}`);
  }
}

/** Codes meaning the user's wx.login / phone code is unusable; the caller must get a new one. */
export const CODE_REJECTIONS = new Set([40029, 40163, 40226]);
