/**
 * Wires the login flow to the page: the launch query in, flow states out to WXML, taps back in.
 * Shared by `/routes/explore` and the seed's other spelling `/routers/explore`.
 */

import { deployment } from '../deployment';
import type { RawQuery } from '../core/launch-query';
import { INITIAL_STATE, LoginFlow } from '../core/login-flow';
import type { PhoneDetail } from '../core/phone-detail';
import { present, type ViewData } from '../core/presenter';
import { createServiceClient } from '../core/service-client';
import * as port from '../platform/wx-port';

const AGREE_PRIVACY_BUTTON_ID = 'agree-privacy';

/** The privacy listener is global to the mini-program; it talks to the flow of the page on screen. */
let activeFlow: LoginFlow | null = null;
let privacyListenerRegistered = false;

interface ExploreMethods {
  flow: LoginFlow | null;
  onDemoLogin(): void;
  onConfirm(): void;
  onPhone(event: { detail: PhoneDetail }): void;
  onAgreePrivacy(): void;
  onDisagreePrivacy(): void;
  onOpenPrivacyContract(): void;
  onRetry(): void;
  onCancel(): void;
  onLaunchApp(): void;
  onLaunchAppError(): void;
}

const INITIAL_DATA: ViewData = present(INITIAL_STATE);

export function registerExplorePage(): void {
  Page<ViewData, ExploreMethods>({
    data: INITIAL_DATA,
    flow: null,

    onLoad(query: RawQuery) {
      const service = createServiceClient(deployment.serviceBaseUrl, port.createTransport(deployment.requestTimeoutMs));
      const flow = new LoginFlow(
        {
          login: port.login,
          service,
          navigateBack: port.navigateBack,
          privacyNeeded: port.privacyNeeded,
          now: Date.now,
        },
        (state) => this.setData(present(state)),
        { demoPoolId: deployment.demoPoolId ?? null },
      );
      this.flow = flow;
      activeFlow = flow;
      if (!privacyListenerRegistered) {
        privacyListenerRegistered = true;
        port.onPrivacyNeeded(AGREE_PRIVACY_BUTTON_ID, (decide) => (activeFlow ? activeFlow.privacyRequested(decide) : decide(false)));
      }
      // Not awaited: the first frame renders the loading state while profile and identity load.
      void flow.open(query, port.enterScene());
    },

    onShow() {
      if (this.flow) activeFlow = this.flow;
    },

    onUnload() {
      if (activeFlow === this.flow) activeFlow = null;
    },

    onDemoLogin() {
      void this.flow?.startDemo();
    },
    onConfirm() {
      void this.flow?.confirm();
    },
    onPhone(event) {
      void this.flow?.phoneResult(event.detail);
    },
    onAgreePrivacy() {
      this.flow?.agreePrivacy();
    },
    onDisagreePrivacy() {
      this.flow?.disagreePrivacy();
    },
    onOpenPrivacyContract() {
      port.openPrivacyContract();
    },
    onRetry() {
      void this.flow?.retry();
    },
    onCancel() {
      void this.flow?.cancel();
    },
    onLaunchApp() {
      this.flow?.launchAppResult(true);
    },
    onLaunchAppError() {
      this.flow?.launchAppResult(false);
    },
  });
}
