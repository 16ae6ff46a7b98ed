import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for the secrets the service must use again and so cannot
 * hash. A sealed value describes itself: `v1.<kid>.<iv>.<ciphertext+tag>` (base64url parts), so any
 * configured key can open it and keys can rotate.
 */

export interface DataKey {
  readonly kid: string;
  readonly key: Buffer;
}

/** What a sealed value belongs to: `aad` binds it to its row and column; `label` names it in errors. */
export interface SealedField {
  readonly aad: string;
  readonly label: string;
}

export class DataKeyConfigError extends Error {}

/** A sealed value that cannot be opened; `kid` names the key it claims, if it could be read. */
export class SecretBoxError extends Error {
  constructor(
    readonly kid: string | null,
    message: string,
  ) {
    super(message);
  }
}

const VERSION = 'v1';
const KID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** What every sealed value starts with, as a POSIX regular expression that SQL (`~`) reads too. */
export const SEALED_PREFIX_PATTERN = '^v[0-9]+[.]';
const SEALED_PREFIX = new RegExp(SEALED_PREFIX_PATTERN);

/** Sealed by some version of this box (a clear value stored before encryption never looks like this). */
export const isSealed = (value: string): boolean => SEALED_PREFIX.test(value);

function fromBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

/** `kid:base64url-of-32-bytes`, several separated by commas; the first is the current key. */
export function parseDataKeys(text: string, source: string): DataKey[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new DataKeyConfigError(`${source}: no key given; expected kid:base64url-of-32-bytes[,kid:…]`);
  const keys = entries.map((entry, index) => parseDataKey(entry, `${source} (key ${index + 1})`));
  assertDistinctKids(keys, source);
  return keys;
}

export function parseDataKey(entry: string, source: string): DataKey {
  const colon = entry.indexOf(':');
  const kid = colon < 0 ? '' : entry.slice(0, colon);
  if (!KID.test(kid)) {
    throw new DataKeyConfigError(`${source}: must be kid:key with a kid of 1–32 letters, digits, "_" or "-"`);
  }
  const key = fromBase64url(entry.slice(colon + 1));
  if (!key || key.length !== KEY_BYTES) {
    throw new DataKeyConfigError(`${source}: key "${kid}" must be ${KEY_BYTES} random bytes in base64url (43 characters)`);
  }
  return { kid, key };
}

function assertDistinctKids(keys: readonly DataKey[], source: string): void {
  const seen = new Set<string>();
  for (const { kid } of keys) {
    if (seen.has(kid)) throw new DataKeyConfigError(`${source}: key id "${kid}" appears twice`);
    seen.add(kid);
  }
}

export const formatDataKey = (key: DataKey): string => `${key.kid}:${key.key.toString('base64url')}`;

export function generateDataKey(kid: string): DataKey {
  if (!KID.test(kid)) throw new DataKeyConfigError(`kid: must be 1–32 letters, digits, "_" or "-", got ${JSON.stringify(kid)}`);
  return { kid, key: randomBytes(KEY_BYTES) };
}

export class SecretBox {
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** New values are sealed with this key. */
  readonly currentKid: string;

  constructor(keys: readonly DataKey[]) {
    const [current] = keys;
    if (!current) throw new DataKeyConfigError('a secret box needs at least one data key');
    assertDistinctKids(keys, 'data keys');
    for (const { kid, key } of keys) {
      if (!KID.test(kid) || key.length !== KEY_BYTES)
        throw new DataKeyConfigError(`data key "${kid}": needs a valid kid and ${KEY_BYTES} bytes`);
    }
    this.keys = new Map(keys.map(({ kid, key }) => [kid, Buffer.from(key)]));
    this.currentKid = current.kid;
  }

  get kids(): string[] {
    return [...this.keys.keys()];
  }

  seal(plain: string, field: SealedField, kid = this.currentKid): string {
    const key = this.keys.get(kid);
    if (!key) throw new SecretBoxError(kid, `data key "${kid}" is not configured`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(additionalData(kid, field));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${kid}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  open(sealed: string, field: SealedField): string {
    const parts = sealed.split('.');
    const [version, kid, ivText, bodyText] = parts;
    if (parts.length !== 4 || version !== VERSION || kid === undefined || !KID.test(kid)) {
      const known = version && SEALED_PREFIX.test(`${version}.`) && version !== VERSION ? ` (unsupported format ${version})` : '';
      throw new SecretBoxError(null, `${field.label} is not a readable sealed value${known}`);
    }
    const key = this.keys.get(kid);
    if (!key) {
      throw new SecretBoxError(kid, `${field.label} is sealed with data key "${kid}", which is not configured (XDL_DATA_KEYS)`);
    }
    const iv = fromBase64url(ivText ?? '');
    const body = fromBase64url(bodyText ?? '');
    if (!iv || iv.length !== IV_BYTES || !body || body.length < TAG_BYTES) {
      throw new SecretBoxError(kid, `${field.label} (data key "${kid}") is malformed`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(kid, field));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        kid,
        `${field.label} does not authenticate under data key "${kid}": the key material differs from the one that sealed it, or the value was altered or moved from another row`,
      );
    }
  }

  /** What a value sealed now starts with (format and current key id). */
  get currentPrefix(): string {
    return `${VERSION}.${this.currentKid}.`;
  }

  isSealedWithCurrentKey(value: string): boolean {
    return value.startsWith(this.currentPrefix);
  }
}

/** The header is authenticated too, so a value cannot claim another format or key. */
function additionalData(kid: string, field: SealedField): Buffer {
  return Buffer.from(`${VERSION}.${kid}|${field.aad}`, 'utf8');
}
