import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { DEFAULT_LOG_LEVEL } from '../defaults.ts';

const SECRET_QUERY_KEYS = /([?&](?:ticket|secret|code|js_code|access_token|sessionId|phone)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_KEYS, '$1[Redacted]');
}

/** Field names whose values must never reach a log in clear, at the top or in a logged error. */
const SECRET_FIELDS = [
  'secret',
  'appSecret',
  'ticket',
  'loginCode',
  'js_code',
  'sessionId',
  'sessionKey',
  'session_key',
  'encryptedData',
  'iv',
  'phone',
  'phoneNumber',
  'purePhoneNumber',
  'access_token',
  'token',
];

/**
 * Where secrets can sit one level down: named, not `*.field`. A wildcard path makes every line walk
 * all its keys once per path, which cost 8 µs a line, five times the line itself.
 */
const NESTING_FIELDS = ['err', 'error', 'query', 'body', 'params', 'headers', 'wechat', 'request', 'response'];

export function createLogger(options: { level?: string; stream?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? DEFAULT_LOG_LEVEL,
      redact: {
        paths: [
          ...SECRET_FIELDS,
          ...NESTING_FIELDS.flatMap((parent) => SECRET_FIELDS.map((field) => `${parent}.${field}`)),
          // A WeChat code only at the top (a phone proof's code goes with `phone`): `*.code` would also
          // hide err.code (ECONNREFUSED, a SQLSTATE), which is what an operator needs to read.
          'code',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[Redacted]',
      },
      serializers: {
        req: (req: { id?: string; method?: string; url?: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url ?? ''),
          ip: req.ip,
        }),
      },
    },
    options.stream,
  );
}
