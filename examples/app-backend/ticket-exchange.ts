/**
 * The call to the ticket service's exchange (`POST /oauth/app2wxapp/auth/:userPoolId`,
 * docs/service-api.md), and what each of its answers means for the app. The user in the answer is read
 * by the sdk's reader, which accepts every shape the service (and Authing's 小登录) has sent.
 */
import { readExchangedUser, type ExchangedUserView } from '../../sdk/exchanged-user.ts';
import { BackendError, badServiceAnswer, serviceUnavailable } from './errors.ts';

export interface ExchangeRequest {
  poolId: string;
  ticket: string;
  secret: string;
  codeVerifier?: string;
}

export interface ServiceEndpoint {
  /** The service's base URL, e.g. `https://login.example.com` (a path prefix is kept). */
  url: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** The service's refusals of this ticket: the app's login failed, it should launch the mini-program again. */
const TICKET_REFUSALS: ReadonlyMap<string, string> = new Map([
  ['ticket_invalid', 'the ticket is not usable'],
  ['ticket_not_found', 'the service knows no such ticket'],
  ['ticket_expired', 'the ticket has expired: launch the login again'],
  ['ticket_used', 'the ticket was already exchanged'],
  ['ticket_wrong_pool', 'the ticket was issued for another pool'],
  ['code_verifier_required', 'the ticket was bound to a code challenge: send its codeVerifier (the ticket is kept)'],
  ['code_verifier_invalid', 'the codeVerifier does not match the ticket’s challenge (the ticket is kept)'],
  ['account_blocked', 'the account is blocked'],
]);

/** Refusals that mean this backend's configuration and the service disagree: nothing the app can fix. */
const CONFIGURATION_REFUSALS: ReadonlyMap<string, string> = new Map([
  ['secret_required', 'the service wants the pool secret and none was configured'],
  ['secret_invalid', 'the service refused the configured pool secret'],
  ['pool_not_found', 'the service does not know this pool'],
]);

/** `Retry-After` in seconds, when the service (or a proxy in front of it) gave it as seconds. */
function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  return value !== null && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

function envelopeOf(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The user the service exchanged the ticket for, or a BackendError saying why not. */
export async function exchangeTicket(service: ServiceEndpoint, request: ExchangeRequest): Promise<ExchangedUserView> {
  let response: Response;
  let text: string;
  try {
    response = await service.fetch(`${service.url.replace(/\/+$/, '')}/oauth/app2wxapp/auth/${encodeURIComponent(request.poolId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        ticket: request.ticket,
        secret: request.secret,
        ...(request.codeVerifier !== undefined ? { codeVerifier: request.codeVerifier } : {}),
      }),
      signal: AbortSignal.timeout(service.timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch {
    throw serviceUnavailable('the ticket service did not answer');
  }
  // A gateway in front of the service says it is unreachable; the service itself says 503 while its store is down.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    throw serviceUnavailable(`the ticket service is unavailable (HTTP ${response.status})`, retryAfterOf(response));
  }
  const envelope = envelopeOf(text);
  if (envelope === null) throw badServiceAnswer(`the ticket service answered HTTP ${response.status} without a JSON object`);
  if (response.status === 200) {
    const read = readExchangedUser(envelope.data);
    if (!read.ok) throw badServiceAnswer(`the ticket service’s user has no valid ${read.field}`);
    return read.user;
  }
  const reason = typeof envelope.error === 'string' ? envelope.error : '';
  const refusal = TICKET_REFUSALS.get(reason);
  if (refusal !== undefined) throw new BackendError(403, reason, refusal);
  const misconfigured = CONFIGURATION_REFUSALS.get(reason);
  if (misconfigured !== undefined) {
    throw new BackendError(500, 'backend_misconfigured', `pool ${request.poolId}: ${misconfigured}`);
  }
  if (reason === 'invalid_request' && typeof envelope.message === 'string') {
    // The service names the field it refused (`body.codeVerifier: …`), which is the app's field of the same name.
    throw new BackendError(400, 'invalid_request', envelope.message);
  }
  if (reason === 'rate_limited') throw serviceUnavailable('the ticket service asks this backend to slow down', retryAfterOf(response));
  throw badServiceAnswer(
    `the ticket service answered HTTP ${response.status}${reason ? ` (${reason})` : ''}, which this backend does not expect`,
  );
}
