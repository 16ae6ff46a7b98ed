/** The `wx` object of the app service, one API family per file. */
import type { PlainObject } from '../guards.ts';
import type { AppService } from '../runtime/app-service.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import type { Reporter } from '../runtime/reporter.ts';
import { loginApis } from './login.ts';
import { requestApi, type NetworkOptions, type RequestIdentity } from './request.ts';
import { storageApis } from './storage.ts';
import { uiApis, type UiState } from './ui.ts';
import { launchApis, type LaunchState } from './launch.ts';
import { privacyApis, type PrivacyGate } from './privacy.ts';
import { routeApis } from './route.ts';
import { systemApis } from './system.ts';
import { defineAsync } from './async-api.ts';
import type { Theme } from '../simulated-user/vocabulary.ts';

export interface WxDeps {
  scheduler: Scheduler;
  reporter: Reporter;
  network: NetworkOptions;
  identity: RequestIdentity;
  storage: Map<string, unknown>;
  ui: UiState;
  launch: LaunchState;
  privacy: PrivacyGate;
  mintLoginCode(): Promise<string>;
  modalAnswer(): 'confirm' | 'cancel';
  theme(): Theme;
}

export function buildWx(service: AppService, deps: WxDeps): PlainObject {
  const { scheduler, reporter } = deps;
  return {
    ...systemApis(deps.identity.appid, scheduler, deps.theme),
    ...loginApis(deps.mintLoginCode, scheduler),
    ...requestApi(deps.network, deps.identity, scheduler, reporter),
    ...storageApis(deps.storage, scheduler),
    ...uiApis(deps.ui, scheduler, deps.modalAnswer),
    ...launchApis(deps.launch, scheduler, reporter),
    ...privacyApis(deps.privacy, scheduler),
    ...routeApis(service, scheduler),
    pageScrollTo: defineAsync('pageScrollTo', scheduler, () => ({})),
    stopPullDownRefresh: () => undefined,
  };
}
