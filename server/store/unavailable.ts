/**
 * The store could not be used right now — the database is unreachable, timed out, shutting down, or
 * cannot write (disk full, a lost data-folder lock) — as opposed to a bug in a query. The service
 * answers 503 `store_unavailable` for it and keeps running; the next request tries again.
 */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    /** A short machine-readable kind for logs and metrics: ECONNREFUSED, 57P01, ENOSPC, timeout… */
    readonly kind: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Errors of the network, the connection or the file system: retrying later may work. */
const SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'EROFS',
]);
/** SQLSTATEs of a server that cannot serve now: connection exceptions (class 08), shutdown, too many connections, disk full, statement timeout. */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-3]|53[0-9]00|57014)$/;
/** node-postgres' own messages for a connection that timed out or ended under it. */
const PG_CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection terminated unexpectedly/;

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

/** The error as a StoreUnavailableError when it says the store is unavailable; otherwise the error itself. */
export function asStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== null && (SYSTEM_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) {
    return new StoreUnavailableError(`the store is unavailable: ${message}`, code, { cause: error });
  }
  if (PG_CONNECTION_MESSAGES.test(message))
    return new StoreUnavailableError(`the store is unavailable: ${message}`, 'connection', { cause: error });
  return error;
}
