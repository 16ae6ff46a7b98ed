/**
 * What `xiaodenglu release` uploads as: the AppID, the 代码上传密钥 (private key) file, the version, the
 * description and the robot. Each comes from a flag, the environment or the project, and every refusal
 * names the setting, where it came from and how to set it. The key is checked offline as far as it can be:
 * it exists, it is a private key, it is named for this AppID when it follows WeChat's naming, and it is not
 * a file git would commit.
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import { SettingsError, checkSettings, fromText } from '../settings.ts';

export class ReleaseError extends Error {}

export type ReleaseAction = 'preview' | 'upload';

export interface ReleaseConfig {
  action: ReleaseAction;
  appid: string;
  privateKeyPath: string;
  version: string;
  desc: string;
  /** miniprogram-ci's robot (1–30): uploads by different robots show as different uploaders. */
  robot: number;
  /** preview only: where the QR code's PNG goes. */
  qrPath: string;
}

export interface ReleaseFlags {
  appid?: string;
  'private-key'?: string;
  version?: string;
  desc?: string;
  robot?: string;
  qr?: string;
}

/** Runs git in the project and answers its trimmed output; throws when git fails. */
export type Git = (args: readonly string[]) => string;

export const RELEASE_ENV = { appid: 'XDL_WX_APPID', privateKey: 'XDL_UPLOAD_KEY' } as const;

/** DevTools' placeholder in project.config.json: tourist mode cannot preview, upload or use the phone button. */
export const TOURIST_APPID = 'touristappid';
const APPID_PATTERN = /^wx[0-9a-f]{16}$/;
/** How the mini-program admin names the key it lets you download. */
const KEY_FILE_NAME = /^private\.(wx[0-9a-f]{16})\.key$/;
export const DEFAULT_QR_PATH = path.join('.data', 'preview-qr.png');
export const Robot = Type.Integer({ minimum: 1, maximum: 30, description: 'must be a whole number from 1 to 30 (miniprogram-ci robots)' });

const HOW_TO_SET_APPID = `pass --appid, set ${RELEASE_ENV.appid}, or put "appid" in project.private.config.json`;
const WHERE_KEYS_ARE = 'mp.weixin.qq.com → 开发管理 → 开发设置 → 小程序代码上传 → 代码上传密钥';

function readJsonObject(file: string): Record<string, unknown> | null {
  if (!existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch (error) {
    throw new ReleaseError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function resolveAppid(flags: ReleaseFlags, env: Readonly<Record<string, string | undefined>>, root: string): string {
  const fromProject = (file: string): [string, string] | null => {
    const appid = readJsonObject(path.join(root, file))?.appid;
    return typeof appid === 'string' ? [appid, file] : null;
  };
  const [appid, source] = (flags.appid !== undefined ? ([flags.appid, '--appid'] as [string, string]) : null) ??
    (env[RELEASE_ENV.appid] ? ([env[RELEASE_ENV.appid] as string, RELEASE_ENV.appid] as [string, string]) : null) ??
    fromProject('project.private.config.json') ??
    fromProject('project.config.json') ?? ['', 'nowhere'];
  if (appid === TOURIST_APPID) {
    throw new ReleaseError(
      `AppID (${source}): "${TOURIST_APPID}" is WeChat DevTools' tourist placeholder, which cannot preview or upload; ${HOW_TO_SET_APPID} with your mini-program's AppID (mp.weixin.qq.com → 开发管理 → 开发设置)`,
    );
  }
  if (!APPID_PATTERN.test(appid)) {
    throw new ReleaseError(
      `AppID (${source}): must be wx followed by 16 lowercase hex characters, got ${JSON.stringify(appid)}; ${HOW_TO_SET_APPID}`,
    );
  }
  return appid;
}

function checkPrivateKey(keyPath: string, source: string, appid: string, root: string, git: Git): void {
  const hint = `download the 代码上传密钥 from ${WHERE_KEYS_ARE} and pass --private-key or set ${RELEASE_ENV.privateKey} to its path`;
  if (!existsSync(keyPath) || !statSync(keyPath).isFile())
    throw new ReleaseError(`private key (${source}): no file at ${keyPath}; ${hint}`);
  try {
    createPrivateKey(readFileSync(keyPath));
  } catch {
    throw new ReleaseError(`private key (${source}): ${keyPath} is not a PEM private key (-----BEGIN RSA PRIVATE KEY-----); ${hint}`);
  }
  const namedFor = KEY_FILE_NAME.exec(path.basename(keyPath))?.[1];
  if (namedFor !== undefined && namedFor !== appid) {
    throw new ReleaseError(
      `private key (${source}): ${path.basename(keyPath)} is the key of ${namedFor}, but the AppID is ${appid}; each mini-program has its own key (${WHERE_KEYS_ARE})`,
    );
  }
  const relative = path.relative(root, keyPath);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    let ignored: boolean;
    try {
      git(['check-ignore', '--quiet', '--', relative]);
      ignored = true;
    } catch {
      ignored = false;
    }
    if (!ignored) {
      throw new ReleaseError(
        `private key (${source}): ${relative} is inside the repository and not ignored by git, so it could be committed; keep it outside the repository, or name it private.${appid}.key (.gitignore ignores private.*.key)`,
      );
    }
  }
}

function describeFromGit(git: Git): string {
  try {
    const described = git(['describe', '--always', '--dirty', '--tags']);
    const subject = git(['log', '-1', '--format=%s']);
    return `${described} ${subject}`.trim();
  } catch (error) {
    throw new ReleaseError(
      `description: git could not describe the checkout (${error instanceof Error ? error.message : String(error)}); pass --desc`,
    );
  }
}

export function resolveReleaseConfig(input: {
  action: ReleaseAction;
  flags: ReleaseFlags;
  env: Readonly<Record<string, string | undefined>>;
  root: string;
  git: Git;
}): ReleaseConfig {
  const { action, flags, env, root, git } = input;
  const appid = resolveAppid(flags, env, root);
  const [keyText, keySource] =
    flags['private-key'] !== undefined
      ? [flags['private-key'], '--private-key']
      : env[RELEASE_ENV.privateKey]
        ? [env[RELEASE_ENV.privateKey] as string, RELEASE_ENV.privateKey]
        : [`private.${appid}.key`, 'the default name'];
  const privateKeyPath = path.resolve(root, keyText);
  checkPrivateKey(privateKeyPath, keySource, appid, root, git);

  const packageVersion = readJsonObject(path.join(root, 'package.json'))?.version;
  const version = flags.version ?? (typeof packageVersion === 'string' ? packageVersion : '');
  if (version === '') throw new ReleaseError('version: package.json has no "version"; pass --version');

  let robot = 1;
  if (flags.robot !== undefined) {
    try {
      robot = checkSettings(Robot, fromText(Robot, flags.robot), () => '--robot');
    } catch (error) {
      if (error instanceof SettingsError) throw new ReleaseError(error.message);
      throw error;
    }
  }
  return {
    action,
    appid,
    privateKeyPath,
    version,
    desc: flags.desc ?? describeFromGit(git),
    robot,
    qrPath: path.resolve(root, flags.qr ?? DEFAULT_QR_PATH),
  };
}
