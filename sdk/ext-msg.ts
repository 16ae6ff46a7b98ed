/**
 * App-side reading of the `extMsg` the launcher returns, for Node/React-Native code and our tests.
 * The Swift bridge implements the same rules; both are held to test/vectors/ext-msg.json.
 */

import { TICKET_PATTERN } from '../miniprogram/contract/ext-msg';

export type ExtMsgResult =
  | { kind: 'success'; code: 200; message: string; ticket: string }
  | { kind: 'cancelled'; code: 400; message: string }
  | { kind: 'failure'; code: number; message: string }
  | { kind: 'malformed'; raw: string };

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

// Not launch-query's splitQuery: that one drops a leading `?`, which the Swift parser (held to the
// same vectors) keeps as part of the first key.
function fieldsOfQuery(raw: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeSafely(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeSafely(part.slice(eq + 1));
    if (!fields.has(key)) fields.set(key, value); // first occurrence wins, as URLSearchParams.get
  }
  return fields;
}

function fieldsOfJson(raw: string): Map<string, string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === 'string') fields.set(key, value);
    else if (typeof value === 'number' && Number.isFinite(value)) fields.set(key, String(value));
  }
  return fields;
}

/** Never throws. Accepts the query form and the JSON-object form (older Android WeChat builds). */
export function parseExtMsg(raw: string): ExtMsgResult {
  const trimmed = raw.trim();
  const fields = trimmed.startsWith('{') ? fieldsOfJson(trimmed) : fieldsOfQuery(trimmed);
  const codeText = fields?.get('code');
  if (!fields || codeText === undefined || !/^[1-5][0-9]{2}$/.test(codeText)) return { kind: 'malformed', raw };
  const code = Number(codeText);
  const message = fields.get('message') ?? '';
  if (code === 200) {
    const ticket = fields.get('ticket');
    if (ticket === undefined || !TICKET_PATTERN.test(ticket)) return { kind: 'malformed', raw };
    return { kind: 'success', code: 200, message, ticket };
  }
  if (code === 400) return { kind: 'cancelled', code: 400, message };
  return { kind: 'failure', code, message };
}
