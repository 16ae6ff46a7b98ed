/**
 * The 2023 privacy agreement: privacy-gated APIs and buttons wait for the user's consent through the
 * page's `onNeedPrivacyAuthorization` listener (resolved after an `agreePrivacyAuthorization` button
 * tap) or, without a listener, WeChat's own popup, answered by the simulated user.
 */
import { isFunction, isPlainObject, type AnyFunction, type PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import { defineAsync, defineAsyncAfterUser, WxFail } from './async-api.ts';
import { PRIVACY_CONTRACT_NAME, PRIVACY_REFUSAL } from '../simulated-user/vocabulary.ts';

export class PrivacyGate {
  agreed: boolean;
  private listener: AnyFunction | null = null;
  private readonly agreeButtonsTapped = new Set<string>();

  constructor(
    initiallyAgreed: boolean,
    private readonly popupAnswer: () => 'agree' | 'disagree',
    private readonly scheduler: Scheduler,
  ) {
    this.agreed = initiallyAgreed;
  }

  setListener(listener: unknown): void {
    this.listener = isFunction(listener) ? listener : null;
  }

  clearListener(): void {
    this.listener = null;
  }

  /** An `open-type="agreePrivacyAuthorization"` button was tapped: that tap is the consent. */
  agreeButtonTapped(buttonId: string): void {
    this.agreeButtonsTapped.add(buttonId);
    this.agreed = true;
  }

  /**
   * Whether the user consents: at once when already agreed or WeChat's own popup answers; a promise,
   * pending while the page's own sheet asks them (its `onNeedPrivacyAuthorization` listener).
   */
  require(referrer: string): boolean | Promise<boolean> {
    if (this.agreed) return true;
    const listener = this.listener;
    if (!listener) {
      const agreed = this.popupAnswer() === 'agree';
      if (agreed) this.agreed = true;
      return agreed;
    }
    return new Promise<boolean>((settle) => {
      let settled = false;
      const resolve = (answer: unknown): void => {
        if (settled || !isPlainObject(answer)) return;
        if (answer.event === 'agree') {
          const buttonId = typeof answer.buttonId === 'string' ? answer.buttonId : '';
          settled = true;
          // The real client only accepts an agree that came from a tapped agree button.
          settle(this.agreeButtonsTapped.has(buttonId) && this.agreed);
        } else if (answer.event === 'disagree') {
          settled = true;
          settle(false);
        }
      };
      this.scheduler.guard(() => listener.call(undefined, resolve, { referrer }));
    });
  }
}

export function privacyApis(gate: PrivacyGate, scheduler: Scheduler): PlainObject {
  return {
    onNeedPrivacyAuthorization: (listener: unknown) => gate.setListener(listener),
    offNeedPrivacyAuthorization: () => gate.clearListener(),
    getPrivacySetting: defineAsync('getPrivacySetting', scheduler, () => ({
      needAuthorization: !gate.agreed,
      privacyContractName: PRIVACY_CONTRACT_NAME,
    })),
    requirePrivacyAuthorize: defineAsyncAfterUser(
      'requirePrivacyAuthorize',
      scheduler,
      () => gate.require('requirePrivacyAuthorize'),
      (agreed) => {
        if (!agreed) throw new WxFail(PRIVACY_REFUSAL.errMsg, { errno: PRIVACY_REFUSAL.errno });
        return {};
      },
    ),
    openPrivacyContract: defineAsync('openPrivacyContract', scheduler, () => ({})),
  };
}
