/** What the page shows for a flow state: plain data for WXML, no logic left in the template. */

import type { FlowState, View } from './login-flow';

export interface ViewData {
  view: View;
  fromApp: boolean;
  /** The landing page offers the demo login (the build names a demo pool). */
  demoAvailable: boolean;
  appName: string;
  logo: string;
  /** Things the app will receive, listed under the title. */
  shares: string[];
  showConfirm: boolean;
  confirmLabel: string;
  showPhone: boolean;
  /** The phone button is the main action (no verified phone known) or the "other number" link. */
  phonePrimary: boolean;
  phoneLabel: string;
  submitting: boolean;
  errorText: string;
  canRetry: boolean;
  leaveLabel: string;
  notice: string;
  extMsg: string;
  resultPhone: string;
  resultExpiry: string;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM:SS` in the device's time zone, for the try-it result. */
function clockTime(iso: string): string {
  const at = new Date(iso);
  if (isNaN(at.getTime())) return '';
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

export function present(state: FlowState): ViewData {
  const { params, profile, knownPhone, failure, result } = state;
  const wantPhone = params !== null && params.wantPhone;
  const connection = profile ? profile.connectionDisplayName : '微信';
  const useKnown = wantPhone && knownPhone !== null;
  return {
    view: state.view,
    fromApp: state.fromApp,
    demoAvailable: state.demoAvailable,
    appName: profile ? profile.name : '',
    logo: profile && profile.logo ? profile.logo : '',
    shares: wantPhone ? ['你的微信身份', '你的手机号'] : ['你的微信身份'],
    showConfirm: !wantPhone || useKnown,
    confirmLabel: useKnown ? `使用 ${knownPhone} 登录` : `使用${connection}登录`,
    showPhone: wantPhone,
    phonePrimary: wantPhone && !useKnown,
    phoneLabel: useKnown ? '使用其他号码' : '手机号快捷登录',
    submitting: state.submitting,
    errorText: failure ? failure.text : '',
    canRetry: failure !== null && failure.retry !== null,
    leaveLabel: state.view === 'failed' ? '返回 App' : '取消',
    notice: state.notice,
    extMsg: state.extMsg,
    resultPhone: result && result.maskedPhone ? result.maskedPhone : '未获取手机号',
    resultExpiry: result ? `${clockTime(result.expiresAt)} 前有效（${result.expiresIn} 秒）` : '',
  };
}
