/** A refusal the backend answers with `{ error, message }` and its status (and `Retry-After` when known). */
export class BackendError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 500 | 502 | 503,
    readonly reason: string,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

/** The ticket service could not be reached or said it is unavailable: the app may try again. */
export function serviceUnavailable(message: string, retryAfterS?: number): BackendError {
  return new BackendError(503, 'service_unavailable', message, retryAfterS);
}

/** The service answered something this backend cannot trust or read. */
export function badServiceAnswer(message: string): BackendError {
  return new BackendError(502, 'service_bad_answer', message);
}
