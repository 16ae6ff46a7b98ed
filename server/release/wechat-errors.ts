/**
 * miniprogram-ci's failures, said so an operator knows what to change. WeChat's texts are matched loosely:
 * 40164's `invalid ip <ip> …, not in whitelist` is WeChat's documented wording for an unlisted IP; the
 * signature failure is miniprogram-ci's own (GENERATE_LOCAL_SIGNATURE_FAIL); other wordings are unconfirmed,
 * so anything unrecognised is passed on as it came.
 */
const IP_WHITELIST =
  'mp.weixin.qq.com → 开发管理 → 开发设置 → 小程序代码上传 → IP白名单: add the public IP this machine uploads from (the one in the message), or turn the whitelist off while you upload';

export function explainCiError(error: unknown, appid: string): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const ip = /invalid ip:?\s*([0-9a-f.:]+)/i.exec(text)?.[1];
  if (ip !== undefined || /not in whitelist/i.test(text)) {
    return `WeChat refused this machine's IP${ip ? ` ${ip}` : ''}: uploads and previews are accepted only from the IPs listed for the 代码上传密钥 (${IP_WHITELIST}). WeChat said: ${text}`;
  }
  if (/ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN/.test(text)) {
    return `could not reach WeChat (servicewechat.com): miniprogram-ci needs the internet, directly or through its proxy setting. miniprogram-ci said: ${text}`;
  }
  if (/touristappid/i.test(text)) {
    return `WeChat refused the tourist AppID: set your mini-program's AppID (--appid or XDL_WX_APPID). WeChat said: ${text}`;
  }
  if (/signature|private ?key|privatekey|密钥/i.test(text)) {
    return `the private key was refused: it must be the current 代码上传密钥 of ${appid} (a key belongs to one mini-program, and resetting it in mp.weixin.qq.com → 开发管理 → 开发设置 → 小程序代码上传 invalidates the old file). miniprogram-ci said: ${text}`;
  }
  if (/appid/i.test(text)) {
    return `WeChat refused the AppID ${appid}: check it is your mini-program's AppID and that the private key is its own. WeChat said: ${text}`;
  }
  return `miniprogram-ci failed: ${text}`;
}
