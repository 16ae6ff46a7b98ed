/**
 * The person holding the phone, as the host keeps them: which WeChat account (a sandbox user), how
 * they answer the phone sheet and the privacy sheet, and how the mini-program was opened. Set per test.
 */
import { DEFAULT_ENTRY, PHONE_SHEET_ANSWERS, THEMES, type EntryContext, type PhoneSheetAnswer, type Theme } from './vocabulary.ts';

export interface PrivacyBehaviour {
  /** Whether the user already agreed to the privacy guide before this launch. */
  agreed: boolean;
  /** Their answer when WeChat's own privacy popup shows (no onNeedPrivacyAuthorization listener). */
  popupAnswer: 'agree' | 'disagree';
}

export interface SimulatedUser {
  /** Sandbox user id; null → a fresh sandbox user is created at the first wx.login. */
  sandboxUserId: string | null;
  phone: PhoneSheetAnswer;
  privacy: PrivacyBehaviour;
  entry: EntryContext;
  /** How the user answers wx.showModal. */
  modalAnswer: 'confirm' | 'cancel';
  /** The phone's appearance: what system info reports and how screenshots render (prefers-color-scheme). */
  theme: Theme;
}

export function defaultUser(): SimulatedUser {
  return {
    sandboxUserId: null,
    phone: 'allow',
    privacy: { agreed: true, popupAnswer: 'agree' },
    entry: { ...DEFAULT_ENTRY },
    modalAnswer: 'confirm',
    theme: 'light',
  };
}

export type SimulatedUserPatch = Partial<Omit<SimulatedUser, 'privacy' | 'entry'>> & {
  privacy?: Partial<PrivacyBehaviour>;
  entry?: Partial<EntryContext>;
};

const POPUP_ANSWERS: readonly PrivacyBehaviour['popupAnswer'][] = ['agree', 'disagree'];
const MODAL_ANSWERS: readonly SimulatedUser['modalAnswer'][] = ['confirm', 'cancel'];

export class SimulatedUserError extends Error {
  constructor(message: string) {
    super(`simulated user: ${message}`);
    this.name = 'SimulatedUserError';
  }
}

function objectOf(value: unknown, name: string, known: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SimulatedUserError(`${name} must be an object, got ${JSON.stringify(value)}`);
  const prefix = name === 'the patch' ? '' : `${name}.`;
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new SimulatedUserError(`unknown field ${unknown.map((key) => prefix + key).join(', ')} (known: ${known.join(', ')})`);
  return value as Record<string, unknown>;
}

function oneOf<T extends string>(value: unknown, name: string, choices: readonly T[]): T {
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) throw new SimulatedUserError(`${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return choice;
}

function stringOrNull(value: unknown, name: string): string | null {
  if (value !== null && typeof value !== 'string')
    throw new SimulatedUserError(`${name} must be a string or null, got ${JSON.stringify(value)}`);
  return value;
}

/** Checks every field of a patch from outside (a test, `Host.setSimulatedUser`); unknown fields are refused by name. */
export function parseUserPatch(value: unknown): SimulatedUserPatch {
  const input = objectOf(value, 'the patch', ['sandboxUserId', 'phone', 'privacy', 'entry', 'modalAnswer', 'theme']);
  const patch: SimulatedUserPatch = {};
  if (input.sandboxUserId !== undefined) patch.sandboxUserId = stringOrNull(input.sandboxUserId, 'sandboxUserId');
  if (input.phone !== undefined) patch.phone = oneOf(input.phone, 'phone', PHONE_SHEET_ANSWERS);
  if (input.modalAnswer !== undefined) patch.modalAnswer = oneOf(input.modalAnswer, 'modalAnswer', MODAL_ANSWERS);
  if (input.theme !== undefined) patch.theme = oneOf(input.theme, 'theme', THEMES);
  if (input.privacy !== undefined) {
    const privacy = objectOf(input.privacy, 'privacy', ['agreed', 'popupAnswer']);
    patch.privacy = {};
    if (privacy.agreed !== undefined) {
      if (typeof privacy.agreed !== 'boolean')
        throw new SimulatedUserError(`privacy.agreed must be true or false, got ${JSON.stringify(privacy.agreed)}`);
      patch.privacy.agreed = privacy.agreed;
    }
    if (privacy.popupAnswer !== undefined) patch.privacy.popupAnswer = oneOf(privacy.popupAnswer, 'privacy.popupAnswer', POPUP_ANSWERS);
  }
  if (input.entry !== undefined) {
    const entry = objectOf(input.entry, 'entry', ['scene', 'referrerAppId']);
    patch.entry = {};
    if (entry.scene !== undefined) {
      if (typeof entry.scene !== 'number' || !Number.isInteger(entry.scene)) {
        throw new SimulatedUserError(`entry.scene must be an integer scene number, got ${JSON.stringify(entry.scene)}`);
      }
      patch.entry.scene = entry.scene;
    }
    if (entry.referrerAppId !== undefined) patch.entry.referrerAppId = stringOrNull(entry.referrerAppId, 'entry.referrerAppId');
  }
  return patch;
}

/** The user after `patch`; throws SimulatedUserError (user unchanged) when any field is wrong. */
export function applyUserPatch(user: SimulatedUser, patch: unknown): SimulatedUser {
  const checked = parseUserPatch(patch);
  return {
    ...user,
    ...checked,
    privacy: { ...user.privacy, ...checked.privacy },
    entry: { ...user.entry, ...checked.entry },
  };
}
