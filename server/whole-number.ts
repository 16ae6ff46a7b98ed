/** Digits only: no sign, no blank, no `0x…`, no exponent (which `Number()` would all accept). */
const DIGITS = /^\d+$/;

/** A whole number from text, or null; the caller names the setting in its error. */
export function parseWholeNumber(text: string): number | null {
  return DIGITS.test(text) ? Number(text) : null;
}
