/**
 * The person holding the phone, played over the automation protocol alone, so the same scenarios
 * run on the headless host and on real WeChat DevTools (docs/e2e.md):
 *
 * - which WeChat account: `wx.login` mocked with codes the sandbox minted for that account;
 * - how the mini-program was opened: `getEnterOptionsSync`/`getLaunchOptionsSync` mocked (scene,
 *   referrerInfo);
 * - privacy consent: `getPrivacySetting` mocked;
 * - going back to the app: `navigateBackApplication` mocked, what the app receives reported through
 *   an exposed binding; the `launchApp` button read (`app-parameter`) and answered with WeChat's event;
 * - the phone sheet: never opened (it needs a person in DevTools); its answer is triggered on the
 *   button as WeChat's `getphonenumber` event, proofs minted by the sandbox;
 * - the network: `request` wrapped to report each outcome, or refused as when the service is down.
 *
 * Scenes, phone-sheet answers, WeChat's failure details and what the app receives are the host's
 * vocabulary (devtools-host/simulated-user/vocabulary.ts): only its types and constants are used here.
 */
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import type Element from 'miniprogram-automator/out/Element';
import { SandboxClient } from '../../../devtools-host/sandbox-client.ts';
import {
  DEFAULT_ENTRY,
  ENTRY_SCENE,
  PHONE_PRIVACY_REFUSED_DETAIL,
  PHONE_REFUSAL_DETAILS,
  PRIVACY_CONTRACT_NAME,
  type AppReturn,
  type EntryContext,
  type PhoneSheetAnswer,
  type RequestRecord,
} from '../../../devtools-host/simulated-user/vocabulary.ts';
import { BINDINGS, LOGIN_WITH_MINTED_CODES, NAVIGATE_BACK_APPLICATION, REQUEST_RECORDED } from './wx-mock-scripts.ts';

export interface WechatUserProfile {
  /** Sandbox account; default a fresh one without phone. */
  sandboxUserId?: string;
  /** The answer to the phone sheet (default `allow`). */
  phone?: PhoneSheetAnswer;
  /** Agreed to the privacy guide before this launch (default true). */
  privacyAgreed?: boolean;
  /** How the mini-program was opened (default `DEFAULT_ENTRY`: by an app, scene 1069). */
  entry?: EntryContext;
  /** Whether WeChat lets `navigateBackApplication` through; default: only when opened by an app. */
  backToApp?: 'allowed' | 'refused';
  /** `down`: every request fails as when the service does not answer (connection refused). */
  service?: 'up' | 'down';
}

interface Launch {
  userId: string;
  phone: PhoneSheetAnswer;
  privacyAgreed: boolean;
  openedByApp: boolean;
}

/** Login codes minted per launch: the first login, a retry, a renewal. */
const LOGIN_CODES_PER_LAUNCH = 3;
const SERVICE_DOWN = 'request:fail net::ERR_CONNECTION_REFUSED';
const MOCKED_METHODS = [
  'login',
  'getEnterOptionsSync',
  'getLaunchOptionsSync',
  'getPrivacySetting',
  'navigateBackApplication',
  'request',
] as const;

let launchCounter = 0;

export class SimulatedWechatUser {
  private launch: Launch | null = null;
  private returns: AppReturn[] = [];
  private taken = 0;
  private waiters: Array<(value: AppReturn) => void> = [];
  private requestLog: RequestRecord[] = [];

  private constructor(
    private readonly miniProgram: MiniProgram,
    private readonly sandbox: SandboxClient,
  ) {}

  /** One per automator connection: exposes the bindings the mocks report through. */
  static async attach(miniProgram: MiniProgram, sandbox: SandboxClient): Promise<SimulatedWechatUser> {
    const user = new SimulatedWechatUser(miniProgram, sandbox);
    await miniProgram.exposeFunction(BINDINGS.appReturned, (extMsg: unknown) =>
      user.received({ via: 'navigateBackApplication', extMsg: String(extMsg) }),
    );
    await miniProgram.exposeFunction(BINDINGS.requestSettled, (method: unknown, url: unknown, outcome: unknown) =>
      user.requestLog.push({ method: String(method), url: String(url), outcome: typeof outcome === 'number' ? outcome : String(outcome) }),
    );
    return user;
  }

  /** Sets WeChat up for the next launch as this user; records from earlier launches are dropped. */
  async prepare(profile: WechatUserProfile = {}): Promise<void> {
    const entry = profile.entry ?? DEFAULT_ENTRY;
    const openedByApp = entry.scene === ENTRY_SCENE.fromApp && entry.referrerAppId !== null && entry.referrerAppId !== '';
    const userId = profile.sandboxUserId ?? (await this.sandbox.createUser());
    const codes = await Promise.all(Array.from({ length: LOGIN_CODES_PER_LAUNCH }, () => this.sandbox.loginCode(userId)));
    const privacyAgreed = profile.privacyAgreed ?? true;
    const enterOptions = {
      path: '',
      query: {},
      scene: entry.scene,
      referrerInfo: entry.referrerAppId ? { appId: entry.referrerAppId, extraData: {} } : {},
      apiCategory: 'default',
    };
    // Mock afresh from WeChat's own methods: `this.origin` must never be an earlier launch's mock.
    await this.restore();
    this.launch = { userId, phone: profile.phone ?? 'allow', privacyAgreed, openedByApp };
    this.returns = [];
    this.taken = 0;
    this.requestLog = [];
    const mp = this.miniProgram;
    await Promise.all([
      mp.mockWxMethod('login', LOGIN_WITH_MINTED_CODES, codes, `__xdlE2eLogins${++launchCounter}`),
      mp.mockWxMethod('getEnterOptionsSync', enterOptions),
      mp.mockWxMethod('getLaunchOptionsSync', enterOptions),
      mp.mockWxMethod('getPrivacySetting', {
        errMsg: 'getPrivacySetting:ok',
        needAuthorization: !privacyAgreed,
        privacyContractName: PRIVACY_CONTRACT_NAME,
      }),
      mp.mockWxMethod(
        'navigateBackApplication',
        NAVIGATE_BACK_APPLICATION,
        (profile.backToApp ?? (openedByApp ? 'allowed' : 'refused')) === 'allowed',
      ),
      mp.mockWxMethod('request', REQUEST_RECORDED, profile.service === 'down' ? SERVICE_DOWN : null),
      mp.callWxMethod('clearStorageSync'),
    ]);
  }

  /** Puts WeChat's own methods back (DevTools keeps mocks until the project recompiles). */
  async restore(): Promise<void> {
    if (!this.launch) return;
    await Promise.all(MOCKED_METHODS.map((name) => this.miniProgram.restoreWxMethod(name)));
  }

  /**
   * A tap by the user. On an open-type button WeChat answers instead of the page's tap handler:
   * the phone sheet, the privacy consent, going back to the app — played here as WeChat's events.
   */
  async tap(page: Page, selector: string): Promise<void> {
    const element = await page.$(selector);
    if (!element) throw new Error(`no ${selector} on ${page.path} (view ${String(await page.data('view'))})`);
    const openType = await element.attribute('open-type');
    switch (openType) {
      case 'getPhoneNumber':
        return element.trigger('getphonenumber', await this.phoneSheetAnswer());
      case 'agreePrivacyAuthorization':
        this.current().privacyAgreed = true;
        return element.trigger('agreeprivacyauthorization', { errMsg: 'agreePrivacyAuthorization:ok' });
      case 'launchApp':
        return this.launchApp(element);
      default:
        return element.tap();
    }
  }

  appReturns(): AppReturn[] {
    return [...this.returns];
  }

  /** The next thing the app receives that no earlier call took. */
  nextAppReturn(): Promise<AppReturn> {
    if (this.taken < this.returns.length) return Promise.resolve(this.returns[this.taken++] as AppReturn);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The page's `wx.request` outcomes since this launch was prepared, in order. */
  requests(): RequestRecord[] {
    return [...this.requestLog];
  }

  private current(): Launch {
    if (!this.launch) throw new Error('the simulated user acts before prepare(): launch through the stack');
    return this.launch;
  }

  private received(record: AppReturn): void {
    this.returns.push(record);
    const waiter = this.waiters.shift();
    if (waiter) {
      this.taken++;
      waiter(record);
    }
  }

  /** What WeChat hands the `bindgetphonenumber` handler once the user answered the sheet. */
  private async phoneSheetAnswer(): Promise<Record<string, unknown>> {
    const { privacyAgreed, phone, userId } = this.current();
    if (!privacyAgreed) return { ...PHONE_PRIVACY_REFUSED_DETAIL };
    if (phone !== 'allow' && phone !== 'allow-legacy') return { ...PHONE_REFUSAL_DETAILS[phone] };
    const proof = await this.sandbox.phoneProof(userId);
    const legacy = { encryptedData: proof.encryptedData, iv: proof.iv };
    return phone === 'allow' ? { errMsg: 'getPhoneNumber:ok', code: proof.code, ...legacy } : { errMsg: 'getPhoneNumber:ok', ...legacy };
  }

  /** `<button open-type="launchApp">`: WeChat opens the app with `app-parameter` only when an app opened us. */
  private async launchApp(element: Element): Promise<void> {
    if (!this.current().openedByApp) return element.trigger('error', { errMsg: 'invalid scene' });
    this.received({ via: 'launchApp', extMsg: (await element.attribute('app-parameter')) ?? '' });
    return element.trigger('launchapp', { errMsg: 'launchApp:ok' });
  }
}
