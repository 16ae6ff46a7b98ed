/** Showing secrets-in-passing (tickets, tokens, phones) in terminal output without showing them. */

export function maskTicketIn(extMsg: string): string {
  return extMsg.replace(/(ticket=)([A-Za-z0-9_-]+)/, (_m, key: string, ticket: string) => `${key}${ticket.slice(0, 4)}…(${ticket.length} chars)`);
}

export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskToken(token: unknown): string {
  return typeof token === 'string' ? `${token.slice(0, 6)}…(${token.length} chars)` : String(token);
}
