import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { DEFAULT_LOG_LEVEL } from '../defaults.ts';

const SECRET_QUERY_KEYS = /([?&](?:ticket|secret|code|js_code|access_token|sessionId)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_KEYS, '$1[Redacted]');
}

/** Field names whose values must never reach a log in clear, wherever they appear. */
const SECRET_FIELDS = [
  'secret',
  'appSecret',
  'ticket',
  'code',
  'loginCode',
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

export function createLogger(options: { level?: string; stream?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? DEFAULT_LOG_LEVEL,
      redact: {
        paths: [
          ...SECRET_FIELDS,
          ...SECRET_FIELDS.map((field) => `*.${field}`),
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
