/**
 * What the WeChat client itself does when a `<button open-type=…>` is tapped: the phone sheet
 * (answered by the simulated user), consent for the privacy guide, and returning to the app.
 */
import { attributeValue, type VElement } from '../wxml/vnode.ts';
import { errorMessage, type PlainObject } from '../guards.ts';
import { PHONE_PRIVACY_REFUSED_DETAIL, PHONE_REFUSAL_DETAILS, type PhoneSheetAnswer } from '../simulated-user/vocabulary.ts';
import type { PhoneProofDetail } from '../sandbox-client.ts';
import type { PrivacyGate } from '../wx/privacy.ts';
import { openedByApp, type LaunchState } from '../wx/launch.ts';
import type { Reporter } from './reporter.ts';

export interface OpenTypeDeps {
  privacy: PrivacyGate;
  launch: LaunchState;
  reporter: Reporter;
  phoneAnswer(): PhoneSheetAnswer;
  phoneProof(): Promise<PhoneProofDetail>;
  /** Fires a component event (`getphonenumber`, `launchapp`, `error`…) on the button. */
  emit(button: VElement, type: string, detail: PlainObject): void;
  /** `Scheduler.afterUser`: the client's work after a question to the user, tracked once answered. */
  afterUser<A, T>(answer: A | Promise<A>, work: (value: A) => Promise<T>): Promise<T>;
}

async function phoneDetail(privacyAgreed: boolean, deps: OpenTypeDeps): Promise<PlainObject> {
  if (!privacyAgreed) return { ...PHONE_PRIVACY_REFUSED_DETAIL };
  const answer = deps.phoneAnswer();
  if (answer !== 'allow' && answer !== 'allow-legacy') return { ...PHONE_REFUSAL_DETAILS[answer] };
  try {
    const proof = await deps.phoneProof();
    const legacy = { encryptedData: proof.encryptedData, iv: proof.iv };
    return answer === 'allow' ? { errMsg: 'getPhoneNumber:ok', code: proof.code, ...legacy } : { errMsg: 'getPhoneNumber:ok', ...legacy };
  } catch (error) {
    return { errMsg: `getPhoneNumber:fail ${errorMessage(error)}` };
  }
}

function launchApp(button: VElement, deps: OpenTypeDeps): void {
  if (!openedByApp(deps.launch)) {
    deps.emit(button, 'error', { errMsg: 'invalid scene' });
    return;
  }
  const parameter = attributeValue(button, 'app-parameter');
  deps.reporter.emit('appReturn', {
    via: 'launchApp',
    extMsg: parameter === undefined || parameter === null ? '' : String(parameter),
    at: Date.now(),
  });
  deps.emit(button, 'launchapp', { errMsg: 'launchApp:ok' });
}

/** Runs after the tap's own handlers, as the client reacts to the tap. */
export function runOpenType(button: VElement, deps: OpenTypeDeps): Promise<void> | null {
  if (button.tag !== 'button' || attributeValue(button, 'disabled') === true) return null;
  const openType = attributeValue(button, 'open-type');
  if (typeof openType !== 'string' || openType === '') return null;
  const kinds = openType.split('|');
  if (kinds.includes('agreePrivacyAuthorization')) {
    const id = attributeValue(button, 'id');
    deps.privacy.agreeButtonTapped(typeof id === 'string' ? id : '');
    deps.emit(button, 'agreeprivacyauthorization', { errMsg: 'agreePrivacyAuthorization:ok' });
  }
  const finish = (): void => {
    if (kinds.includes('launchApp')) launchApp(button, deps);
  };
  if (!kinds.includes('getPhoneNumber')) {
    finish();
    return null;
  }
  // The phone sheet opens only after privacy consent, which the page's own sheet may still be asking for.
  return deps.afterUser(deps.privacy.require('button.getPhoneNumber'), async (agreed) => {
    deps.emit(button, 'getphonenumber', await phoneDetail(agreed, deps));
    finish();
  });
}
