import type { Clock } from './clock.ts';
import { keySchedule, newSigningKey } from './signing-keys.ts';
import type { KeyState } from './signing-keys.ts';
import type { SigningKeyRecord, Store } from './store/types.ts';

export class RotationRefusedError extends Error {}

export interface Rotation {
  kid: string;
  activatesAt: Date;
  /** Keys deleted at once (`revokeOthers`): tokens they signed no longer verify. */
  revoked: string[];
}

/**
 * Stores a new signing key that signs from `now + leadMs`. Running replicas pick it up within
 * KEY_REFRESH_MS; published ahead (the default lead), they switch at the same instant.
 * `revokeOthers` (with no lead only) deletes every other key: for a leaked key.
 */
export async function rotateSigningKey(store: Store, clock: Clock, opts: { leadMs: number; revokeOthers: boolean }): Promise<Rotation> {
  if (opts.revokeOthers && opts.leadMs !== 0) throw new RotationRefusedError('revoking the other keys needs the new key to sign at once');
  const now = clock.now();
  const candidate: SigningKeyRecord = { ...(await newSigningKey()), createdAt: new Date(now), activatesAt: new Date(now + opts.leadMs) };
  let waiting: SigningKeyRecord | undefined;
  let empty = false;
  const added = await store.addSigningKey(candidate, (stored) => {
    empty = stored.length === 0;
    waiting = stored.find((key) => key.activatesAt.getTime() > now);
    return !empty && waiting === undefined;
  });
  if (!added) {
    if (empty) throw new RotationRefusedError('there is no signing key yet: the service makes the first one when it first starts');
    throw new RotationRefusedError(
      `key ${waiting?.kid ?? '?'} already waits to sign from ${waiting?.activatesAt.toISOString() ?? '?'}; rotate again after that`,
    );
  }
  let revoked: string[] = [];
  if (opts.revokeOthers) {
    revoked = (await store.listSigningKeys()).map((key) => key.kid).filter((kid) => kid !== candidate.kid);
    await store.deleteSigningKeys(revoked);
  }
  return { kid: candidate.kid, activatesAt: candidate.activatesAt, revoked };
}

export interface KeyDescription {
  kid: string;
  state: KeyState;
  createdAt: string;
  signsFrom: string;
  retiredAt: string | null;
  leavesJwksAt: string | null;
  privateHalf: 'kept' | 'erased';
}

export async function describeSigningKeys(store: Store, clock: Clock): Promise<KeyDescription[]> {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return keySchedule(await store.listSigningKeys(), clock.now()).map(({ key, state, retiredAt, leavesAt }) => ({
    kid: key.kid,
    state,
    createdAt: key.createdAt.toISOString(),
    signsFrom: key.activatesAt.toISOString(),
    retiredAt: iso(retiredAt),
    leavesJwksAt: iso(leavesAt),
    privateHalf: key.privateJwk === null ? 'erased' : 'kept',
  }));
}
