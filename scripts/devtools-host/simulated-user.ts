/**
 * The person holding the phone: which WeChat account (a sandbox user), how they answer the phone
 * sheet and the privacy sheet, and how the mini-program was opened. Set per test.
 */

/** What the user does when the getPhoneNumber sheet opens. */
export type PhoneChoice =
  | 'allow' // new code + legacy encryptedData/iv
  | 'allow-legacy' // base library < 2.21.2: encryptedData/iv only, no code
  | 'deny'
  | 'no-permission'
  | 'quota'
  | 'needs-sms-verification';

export interface PrivacyBehaviour {
  /** Whether the user already agreed to the privacy guide before this launch. */
  agreed: boolean;
  /** Their answer when WeChat's own privacy popup shows (no onNeedPrivacyAuthorization listener). */
  popupAnswer: 'agree' | 'disagree';
}

export interface EntryContext {
  /** `wx.getEnterOptionsSync().scene`: 1069 app, 1011 普通链接二维码, 1047 小程序码, 1001 recents… */
  scene: number;
  /** `referrerInfo.appId` for scene 1069: the launching app's appid. */
  referrerAppId: string | null;
}

export interface SimulatedUser {
  /** Sandbox user id; null → a fresh sandbox user is created at the first wx.login. */
  sandboxUserId: string | null;
  phone: PhoneChoice;
  privacy: PrivacyBehaviour;
  entry: EntryContext;
  /** How the user answers wx.showModal. */
  modalAnswer: 'confirm' | 'cancel';
}

export const SCENE = { fromApp: 1069, linkQrCode: 1011, wxaCode: 1047, recents: 1001 } as const;

export const DEFAULT_REFERRER_APP_ID = 'wx0000000000demoapp';

export function defaultUser(): SimulatedUser {
  return {
    sandboxUserId: null,
    phone: 'allow',
    privacy: { agreed: true, popupAnswer: 'agree' },
    entry: { scene: SCENE.fromApp, referrerAppId: DEFAULT_REFERRER_APP_ID },
    modalAnswer: 'confirm',
  };
}

export type SimulatedUserPatch = Partial<Omit<SimulatedUser, 'privacy' | 'entry'>> & {
  privacy?: Partial<PrivacyBehaviour>;
  entry?: Partial<EntryContext>;
};

const PHONE_CHOICES: readonly PhoneChoice[] = ['allow', 'allow-legacy', 'deny', 'no-permission', 'quota', 'needs-sms-verification'];

export function applyUserPatch(user: SimulatedUser, patch: SimulatedUserPatch): SimulatedUser {
  if (patch.phone !== undefined && !PHONE_CHOICES.includes(patch.phone)) {
    throw new Error(`simulated user: phone must be one of ${PHONE_CHOICES.join(', ')}, got ${JSON.stringify(patch.phone)}`);
  }
  if (patch.entry?.scene !== undefined && !Number.isInteger(patch.entry.scene)) {
    throw new Error(`simulated user: entry.scene must be an integer scene number, got ${JSON.stringify(patch.entry.scene)}`);
  }
  return {
    ...user,
    ...patch,
    privacy: { ...user.privacy, ...patch.privacy },
    entry: { ...user.entry, ...patch.entry },
  };
}
