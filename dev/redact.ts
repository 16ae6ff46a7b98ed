/** Showing secrets-in-passing (tickets, tokens) in terminal output without showing them; phones: server/phone-mask.ts. */

export function maskTicketIn(extMsg: string): string {
  return extMsg.replace(
    /(ticket=)([A-Za-z0-9_-]+)/,
    (_m, key: string, ticket: string) => `${key}${ticket.slice(0, 4)}…(${ticket.length} chars)`,
  );
}

export function maskToken(token: unknown): string {
  return typeof token === 'string' ? `${token.slice(0, 6)}…(${token.length} chars)` : String(token);
}
