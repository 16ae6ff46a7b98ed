import { createCipheriv, createDecipheriv } from 'node:crypto';

/** What WeChat's legacy `encryptedData` decrypts to (countryCode is a string here, unlike getuserphonenumber). */
export interface EncryptedPhonePayload {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
  watermark: { appid: string; timestamp: number };
}

/** AES-128-CBC, PKCS#7, key = base64(session_key), iv = base64(iv): WeChat's scheme for encryptedData. */
export function encryptPhonePayload(payload: EncryptedPhonePayload, sessionKey: string, iv: Buffer): string {
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
  return Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]).toString('base64');
}

export class PhoneDecryptionError extends Error {}

/** Decrypts and checks the watermark appid; any failure is a PhoneDecryptionError saying why. */
export function decryptPhonePayload(encryptedData: string, iv: string, sessionKey: string, expectedAppid: string): EncryptedPhonePayload {
  const key = Buffer.from(sessionKey, 'base64');
  const ivBytes = Buffer.from(iv, 'base64');
  if (key.length !== 16) throw new PhoneDecryptionError('session key is not 16 bytes');
  if (ivBytes.length !== 16) throw new PhoneDecryptionError('iv is not 16 bytes of base64');
  let text: string;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, ivBytes);
    text = Buffer.concat([decipher.update(Buffer.from(encryptedData, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new PhoneDecryptionError('encryptedData does not decrypt with this session key');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PhoneDecryptionError('encryptedData decrypts to something that is not JSON');
  }
  if (!isPhonePayload(parsed)) throw new PhoneDecryptionError('encryptedData lacks phone fields or watermark');
  if (parsed.watermark.appid !== expectedAppid) throw new PhoneDecryptionError('watermark appid does not match');
  return parsed;
}

function isPhonePayload(value: unknown): value is EncryptedPhonePayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const watermark = v.watermark as Record<string, unknown> | undefined;
  return (
    typeof v.purePhoneNumber === 'string' &&
    v.purePhoneNumber.length > 0 &&
    (typeof v.countryCode === 'string' || typeof v.countryCode === 'number') &&
    typeof watermark === 'object' &&
    watermark !== null &&
    typeof watermark.appid === 'string'
  );
}
