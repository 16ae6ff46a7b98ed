/**
 * The launcher's flow as a state machine. Platform effects (wx.login, HTTP, returning to the app,
 * the privacy setting, the clock) are injected, so this runs and is tested without `wx`.
 *
 *   open (no launch parameters) → landing ─(demo login, when the build names a demo pool)→ loading → … → done
 *   start → loading ─┬→ privacy ─→ ready ─(tap)→ one ticket request ─┬→ returned | fallback (app)
 *                    └→ ready                                        └→ done (try-it)
 *   any step can end in `failed` (retry where it helps) or `denied` (the user said no; retry first).
 */

import { encodeExtMsg, type ExtMsg } from '../contract/ext-msg';
import { CANCELLED, networkFailure, serviceFailure, type Failure, type RetryAction } from './failures';
import { isBareOpen, parseLaunchQuery, type LaunchParams, type LaunchParse, type RawQuery } from './launch-query';
import { classifyPhoneDetail, type PhoneDetail } from './phone-detail';
import type { ServiceClient, ServiceResult } from './service-client';
import type { IssueTicketRequest, PhoneProof, PoolProfile } from '../contract/schemas';

export type View = 'landing' | 'loading' | 'privacy' | 'ready' | 'denied' | 'failed' | 'returned' | 'fallback' | 'done';

export interface TicketSummary {
  maskedPhone: string | null;
  expiresAt: string;
  expiresIn: number;
  newUser: boolean;
}

export interface FlowState {
  view: View;
  fromApp: boolean;
  /** On the landing page: the build names a demo pool, so the page offers a demo login. */
  demoAvailable: boolean;
  params: LaunchParams | null;
  profile: PoolProfile | null;
  knownPhone: string | null;
  submitting: boolean;
  failure: Failure | null;
  /** A one-line hint shown above the buttons (e.g. the launchApp button failed). */
  notice: string;
  /** What the app receives; set once the flow has an outcome for it. */
  extMsg: string;
  result: TicketSummary | null;
}

export type LoginOutcome = { ok: true; code: string } | { ok: false; errMsg: string };

export interface FlowEffects {
  login(): Promise<LoginOutcome>;
  service: ServiceClient;
  /** `wx.navigateBackApplication`; resolves false when WeChat refuses (not opened by an app, old client). */
  navigateBack(extMsg: string): Promise<boolean>;
  /** The user has not yet agreed to the privacy agreement that covers the phone button. */
  privacyNeeded(): Promise<boolean>;
  now(): number;
}

export interface FlowOptions {
  /** The pool the landing page's demo login uses (the build's `demoPoolId`); null: the landing page offers none. */
  demoPoolId: string | null;
}

interface Session {
  id: string;
  expiresAt: number;
}

/** Renew a session this close to its end instead of racing the service's clock. */
const SESSION_MARGIN_MS = 15_000;

const PRIVACY_REFUSED: Failure = { extMsg: CANCELLED, text: '需要同意隐私保护指引才能使用手机号', retry: 'again' };

type ServiceFailure = Extract<ServiceResult<unknown>, { ok: false }>;

/** What the page shows before the flow starts. */
export const INITIAL_STATE: FlowState = {
  view: 'loading',
  fromApp: false,
  demoAvailable: false,
  params: null,
  profile: null,
  knownPhone: null,
  submitting: false,
  failure: null,
  notice: '',
  extMsg: '',
  result: null,
};

export class LoginFlow {
  private current: FlowState = INITIAL_STATE;
  private session: Session | null = null;
  private pendingPrivacy: ((agreed: boolean) => void) | null = null;

  constructor(
    private readonly effects: FlowEffects,
    private readonly render: (state: FlowState) => void,
    private readonly options: FlowOptions = { demoPoolId: null },
  ) {}

  /** What the page received: a bare open lands on the explanation, anything else is a launch. */
  async open(query: RawQuery, scene: number): Promise<void> {
    if (isBareOpen(query, scene)) {
      this.set({ ...INITIAL_STATE, view: 'landing', demoAvailable: this.options.demoPoolId !== null });
      return;
    }
    await this.start(parseLaunchQuery(query, scene));
  }

  /** The landing page's demo login: the try-it flow (with phone) against the build's demo pool. */
  async startDemo(): Promise<void> {
    const userPoolId = this.options.demoPoolId;
    if (this.current.view !== 'landing' || userPoolId === null) return;
    await this.start({
      ok: true,
      params: { userPoolId, wantPhone: true, useSelfWxapp: false, fromApp: false, source: 'demo', codeChallenge: null },
    });
  }

  get state(): FlowState {
    return this.current;
  }

  async start(parse: LaunchParse): Promise<void> {
    if (!parse.ok) {
      const first = parse.problems[0];
      const text = `启动参数 ${first.param} ${first.kind === 'missing' ? '缺失' : '无效'}`;
      this.set({
        ...INITIAL_STATE,
        fromApp: parse.fromApp,
        view: 'failed',
        failure: { extMsg: { code: 422, param: first.param }, text, retry: null },
      });
      return;
    }
    this.set({ ...INITIAL_STATE, fromApp: parse.params.fromApp, params: parse.params });
    await this.load();
  }

  /** The plain confirm button: no phone, or the verified phone the service already knows. */
  async confirm(): Promise<void> {
    const { params, knownPhone } = this.current;
    if (!params || !this.canSubmit()) return;
    if (params.wantPhone && knownPhone === null) return;
    await this.submit(params.wantPhone ? { kind: 'known' } : { kind: 'none' });
  }

  /** The `bindgetphonenumber` event of the phone button. */
  async phoneResult(detail: PhoneDetail): Promise<void> {
    if (!this.canSubmit()) return;
    const outcome = classifyPhoneDetail(detail);
    switch (outcome.kind) {
      case 'proof':
        return this.submit(outcome.proof);
      case 'denied':
        return this.fail('denied', { extMsg: CANCELLED, text: outcome.text, retry: 'again' });
      case 'privacy-denied':
        return this.fail('denied', PRIVACY_REFUSED);
      case 'failed':
        return this.fail('failed', outcome.failure);
    }
  }

  /** `wx.onNeedPrivacyAuthorization` fired: hold WeChat's call until the user decides in the page. */
  privacyRequested(decide: (agreed: boolean) => void): void {
    this.pendingPrivacy?.(false);
    this.pendingPrivacy = decide;
    this.set({ view: 'privacy' });
  }

  agreePrivacy(): void {
    if (this.current.view !== 'privacy') return;
    this.settlePrivacy(true);
    this.set({ view: 'ready', failure: null });
  }

  disagreePrivacy(): void {
    if (this.current.view !== 'privacy') return;
    this.settlePrivacy(false);
    this.fail('denied', PRIVACY_REFUSED);
  }

  async retry(): Promise<void> {
    const action: RetryAction | null | undefined = this.current.failure?.retry;
    if (!action || this.current.submitting) return;
    if (action === 'reload' || !this.session || !this.current.profile) {
      this.set({ view: 'loading', failure: null, notice: '' });
      await this.load();
    } else {
      this.set({ view: 'ready', failure: null, notice: '' });
    }
  }

  /** Leave: the app learns the user cancelled, or the failure on screen. */
  async cancel(): Promise<void> {
    const { view, fromApp, failure, submitting } = this.current;
    if (!fromApp || submitting || view === 'returned' || view === 'fallback') return;
    this.settlePrivacy(false);
    await this.returnToApp(view === 'failed' && failure ? failure.extMsg : CANCELLED);
  }

  /** The fallback `<button open-type="launchApp">` reported back. */
  launchAppResult(ok: boolean): void {
    if (this.current.view !== 'fallback') return;
    if (ok) this.set({ view: 'returned', notice: '' });
    else this.set({ notice: '无法自动返回，请手动切换回 App' });
  }

  private canSubmit(): boolean {
    const { view, submitting } = this.current;
    return !submitting && (view === 'ready' || view === 'denied' || view === 'privacy');
  }

  private async load(): Promise<void> {
    const params = this.current.params as LaunchParams;
    this.session = null;
    const [profile, identity, privacy] = await Promise.all([
      this.effects.service.profile(params.userPoolId),
      this.identify(params),
      params.wantPhone ? this.effects.privacyNeeded() : Promise.resolve(false),
    ]);
    if (this.current.view !== 'loading') return; // the user left while it loaded
    if (!profile.ok) return this.fail('failed', this.failureOf(profile, 'reload'));
    // Before the user does anything: the pool binds tickets to the launching app, and this launch cannot be bound.
    if (profile.data.requireCodeChallenge && params.codeChallenge === null)
      return this.fail('failed', serviceFailure('code_challenge_required', 'reload'));
    if (identity) return this.fail('failed', identity);
    this.set({ profile: profile.data, view: privacy ? 'privacy' : 'ready' });
  }

  /** wx.login → service session. Returns the failure, or null once the session is held. */
  private async identify(params: LaunchParams): Promise<Failure | null> {
    const login = await this.effects.login();
    if (!login.ok) return networkFailure('reload');
    const started = this.effects.now();
    const result = await this.effects.service.identify(params.userPoolId, { loginCode: login.code, useSelfWxapp: params.useSelfWxapp });
    if (!result.ok) return this.failureOf(result, 'reload');
    this.session = { id: result.data.sessionId, expiresAt: started + result.data.expiresIn * 1000 };
    this.set({ knownPhone: result.data.knownPhone });
    return null;
  }

  private async submit(phone: PhoneProof): Promise<void> {
    const params = this.current.params as LaunchParams;
    this.set({ submitting: true, notice: '' });
    let request = await this.ticketRequest(params, phone, false);
    let result = request && (await this.effects.service.issueTicket(params.userPoolId, request));
    const lapsed =
      result && !result.ok && result.kind === 'service' && (result.reason === 'session_expired' || result.reason === 'login_code_invalid');
    if (lapsed && request?.sessionId !== undefined) {
      request = await this.ticketRequest(params, phone, true);
      result = request && (await this.effects.service.issueTicket(params.userPoolId, request));
    }
    this.session = null; // spent or stale either way: the next attempt logs in afresh
    if (!result) return this.fail('failed', networkFailure('again'));
    if (!result.ok) {
      if (result.kind === 'service' && result.reason === 'no_known_phone') {
        this.set({ submitting: false, view: 'ready', knownPhone: null, notice: '请使用手机号授权' });
        return;
      }
      return this.fail('failed', this.failureOf(result, 'again'));
    }
    const { ticket, maskedPhone, expiresAt, expiresIn, newUser } = result.data;
    this.set({ submitting: false, result: { maskedPhone, expiresAt, expiresIn, newUser } });
    if (this.current.fromApp) await this.returnToApp({ code: 200, ticket });
    else this.set({ view: 'done' });
  }

  /** The request for the one round trip; logs in again first when the session lapsed (or `renew`). */
  private async ticketRequest(params: LaunchParams, phone: PhoneProof, renew: boolean): Promise<IssueTicketRequest | null> {
    const session = this.session;
    if (!renew && session && this.effects.now() < session.expiresAt - SESSION_MARGIN_MS) {
      return { sessionId: session.id, ...this.ticketFields(params, phone) };
    }
    const login = await this.effects.login();
    return login.ok ? { loginCode: login.code, ...this.ticketFields(params, phone) } : null;
  }

  private ticketFields(params: LaunchParams, phone: PhoneProof): Omit<IssueTicketRequest, 'sessionId' | 'loginCode'> {
    return { useSelfWxapp: params.useSelfWxapp, phone, ...(params.codeChallenge !== null ? { codeChallenge: params.codeChallenge } : {}) };
  }

  private async returnToApp(msg: ExtMsg): Promise<void> {
    const extMsg = encodeExtMsg(msg);
    this.set({ extMsg, submitting: true });
    const ok = await this.effects.navigateBack(extMsg);
    this.set({ submitting: false, view: ok ? 'returned' : 'fallback' });
  }

  private failureOf(result: ServiceFailure, retry: RetryAction): Failure {
    return result.kind === 'network' ? networkFailure(retry) : serviceFailure(result.reason, retry);
  }

  private fail(view: 'failed' | 'denied', failure: Failure): void {
    this.set({ view, failure, submitting: false, extMsg: encodeExtMsg(failure.extMsg) });
  }

  private settlePrivacy(agreed: boolean): void {
    const decide = this.pendingPrivacy;
    this.pendingPrivacy = null;
    decide?.(agreed);
  }

  private set(patch: Partial<FlowState>): void {
    this.current = { ...this.current, ...patch };
    this.render(this.current);
  }
}
