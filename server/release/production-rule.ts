import { DEVELOPMENT_DEPLOYMENT } from '../../miniprogram/deployment-settings.ts';

/** An IPv4 or IPv6 literal (URL hostnames come normalised: `127.1` reads as `127.0.0.1`, IPv6 in brackets). */
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/**
 * Why a published mini-program could not call this service, or null: `wx.request` reaches only https URLs
 * on a domain listed as its request合法域名, never an IP address or localhost, so a production build must
 * not keep the development default either. The one statement of the rule: the build's gate
 * (scripts/deployment-config.ts) and `xiaodenglu release` (which refuses a development build) both ask it.
 * Node-only: the mini-program's own type check has no URL.
 */
export function productionProblem(serviceBaseUrl: string): string | null {
  if (serviceBaseUrl === DEVELOPMENT_DEPLOYMENT.serviceBaseUrl) return 'is still the development default';
  const url = new URL(serviceBaseUrl);
  // `localhost.` is localhost too: a trailing dot only makes the name fully qualified.
  const host = url.hostname.replace(/\.$/, '');
  if (url.protocol !== 'https:') return 'must be https';
  if (IP_LITERAL.test(host)) return 'must name a domain, not an IP address';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not be localhost';
  return null;
}
