/**
 * `xiaodenglu release preview|upload`: the production build, checked and staged, handed to WeChat's
 * miniprogram-ci. miniprogram-ci is not a dependency of xiaodenglu (about 1 000 packages, 275 MB, and
 * install scripts that try to download browsers): it is loaded from wherever the operator installed it.
 * Everything before the call to WeChat runs offline and is tested with an injected module
 * (test/server/release-cli.test.ts); docs/release.md has the commands.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ReleaseError, RELEASE_ENV, DEFAULT_QR_PATH, resolveReleaseConfig, type Git, type ReleaseConfig } from '../release/config.ts';
import { bakedSettings, readProjectConfig, stageProject } from '../release/package-check.ts';
import { imageOfDataUri, readQrText } from '../release/preview-qr.ts';
import { explainCiError } from '../release/wechat-errors.ts';
import { terminalQr, writeQrPng } from '../try-link.ts';
import { UsageError, defineCommand, type Command } from './command.ts';
import type { CliIo } from './io.ts';

/** The part of miniprogram-ci this command uses (its own typings come with the package). */
export interface CiProjectOptions {
  appid: string;
  type: 'miniProgram';
  projectPath: string;
  privateKeyPath: string;
  ignores: string[];
}
interface CiCommon {
  project: object;
  desc: string;
  robot: number;
  setting: { useProjectConfig: true };
}
export interface MiniprogramCi {
  Project: new (options: CiProjectOptions) => object;
  upload(options: CiCommon & { version: string }): Promise<unknown>;
  preview(options: CiCommon & { qrcodeFormat: 'base64'; qrcodeOutputDest: string }): Promise<unknown>;
}

export interface ReleaseDeps {
  /** The repository: package.json, project.config.json, the build. */
  root: string;
  loadCi(): Promise<MiniprogramCi>;
  /** The production build (`gulp release`); rejects with the gate's message when the settings are refused. */
  build(env: Readonly<Record<string, string | undefined>>): Promise<void>;
  git: Git;
}

export const CI_PACKAGE = 'miniprogram-ci';
const NOT_INSTALLED = `${CI_PACKAGE} is not installed. xiaodenglu does not depend on it (about 1 000 packages, 275 MB, and install scripts that try to download browsers); install it where you release: npm install --no-save --ignore-scripts ${CI_PACKAGE}@2`;

const isMissingModule = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND');

const execFileAsync = promisify(execFile);

export function processDeps(root: string): ReleaseDeps {
  return {
    root,
    async loadCi() {
      const name: string = CI_PACKAGE; // a variable: the package and its typings are optional
      let loaded: { default?: MiniprogramCi } & MiniprogramCi;
      try {
        loaded = (await import(name)) as typeof loaded;
      } catch (error) {
        if (isMissingModule(error)) throw new ReleaseError(NOT_INSTALLED);
        throw error;
      }
      // miniprogram-ci leaves a second, unhandled copy of a failure it has already rejected with (seen offline:
      // getaddrinfo ENOTFOUND servicewechat.com, code 20001); the command has reported it, so that copy is
      // dropped instead of ending the process with a stack trace. Any other unhandled rejection still throws.
      process.on('unhandledRejection', (reason) => {
        if (reason instanceof Error && /[\\/]miniprogram-ci[\\/]/.test(reason.stack ?? '')) return;
        throw reason;
      });
      return loaded.default ?? loaded;
    },
    async build(env) {
      try {
        await execFileAsync(process.execPath, [path.join(root, 'node_modules', 'gulp', 'bin', 'gulp.js'), 'release'], {
          cwd: root,
          env: { ...env, NODE_ENV: 'production' },
          maxBuffer: 16 * 1024 * 1024,
        });
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        const said = `${stdout}\n${stderr}`
          .split('\n')
          .filter((line) => line.trim() !== '')
          .slice(-12)
          .join('\n');
        throw new ReleaseError(`the production build (gulp release) failed:\n${said}`);
      }
    },
    git: (args) => execFileSync('git', [...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(),
  };
}

async function showPreviewQr(qrData: string, config: ReleaseConfig, io: CliIo): Promise<void> {
  const image = imageOfDataUri(readFileSync(qrData, 'utf8'));
  const text = await readQrText(image);
  if (text === null) {
    const jpeg = config.qrPath.replace(/\.png$/i, '') + '.jpg';
    writeFileSync(jpeg, image);
    io.out(`preview QR code (WeChat's image, not readable here) written to ${jpeg}`);
    return;
  }
  await writeQrPng(text, config.qrPath);
  io.out(await terminalQr(text));
  io.out(`scan with WeChat (as a member of the mini-program) to open the preview; PNG written to ${config.qrPath}`);
}

async function release(config: ReleaseConfig, deps: ReleaseDeps, io: CliIo): Promise<void> {
  const ci = await deps.loadCi();
  io.out('building the production mini-program (gulp release)…');
  await deps.build(io.env);
  const stage = mkdtempSync(path.join(tmpdir(), 'xdl-release-'));
  try {
    const files = stageProject(deps.root, config.appid, stage);
    const buildRoot = readProjectConfig(deps.root).miniprogramRoot;
    const baked = bakedSettings(path.join(deps.root, buildRoot));
    io.out(
      `${config.action} ${config.appid} v${config.version} (robot ${config.robot}): ${files.length} files, service ${baked.serviceBaseUrl}`,
    );
    if (baked.demoPoolId === null) {
      io.out(
        'note: no demoPoolId in this build: opened with no parameters (as a reviewer does), the page explains itself but offers no demo login (docs/release.md)',
      );
    }
    const project = new ci.Project({
      appid: config.appid,
      type: 'miniProgram',
      projectPath: stage,
      privateKeyPath: config.privateKeyPath,
      ignores: ['node_modules/**/*'],
    });
    const common: CiCommon = { project, desc: config.desc, robot: config.robot, setting: { useProjectConfig: true } };
    const qrData = path.join(stage, 'preview-qr.txt');
    try {
      if (config.action === 'upload') await ci.upload({ ...common, version: config.version });
      else await ci.preview({ ...common, qrcodeFormat: 'base64', qrcodeOutputDest: qrData });
    } catch (error) {
      throw new ReleaseError(explainCiError(error, config.appid));
    }
    if (config.action === 'preview') await showPreviewQr(qrData, config, io);
    else {
      io.out(
        `uploaded v${config.version} "${config.desc}": it is now a 开发版 in mp.weixin.qq.com → 管理 → 版本管理; make it the 体验版 or submit it for review (docs/release.md)`,
      );
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

const options = {
  appid: { type: 'string' },
  'private-key': { type: 'string' },
  version: { type: 'string' },
  desc: { type: 'string' },
  robot: { type: 'string' },
  qr: { type: 'string' },
} as const;

export function releaseCommand(deps: ReleaseDeps): Command<typeof options> {
  return defineCommand({
    summary: 'build for production and preview | upload the mini-program with miniprogram-ci',
    usage: `preview|upload [--appid wx…] [--private-key private.wx….key] [--version 1.2.3] [--desc text] [--robot 1] [--qr ${DEFAULT_QR_PATH}]
  Runs the production build (gulp release: refused unless serviceBaseUrl is an https domain), checks and
  stages it, then hands it to miniprogram-ci (install it first: npm install --no-save --ignore-scripts ${CI_PACKAGE}@2).
  preview         a development QR code, printed here and written as PNG (--qr)
  upload          a new 开发版, to make the 体验版 or submit for review
  --appid         default ${RELEASE_ENV.appid}, then "appid" of project.private.config.json, then project.config.json
  --private-key   the 代码上传密钥 file; default ${RELEASE_ENV.privateKey}, then private.<appid>.key here (never committed)
  --version       default package.json's version
  --desc          default from git: describe and the last commit's subject
  --robot         miniprogram-ci robot 1–30 (default 1)
  --qr            preview: where the PNG goes`,
    options,
    positionals: true,
    async run({ values, positionals }, io) {
      const [action, ...rest] = positionals;
      if (action !== 'preview' && action !== 'upload')
        throw new UsageError(`first word: preview or upload, got ${JSON.stringify(action ?? '')}`);
      if (rest.length > 0) throw new UsageError(`unexpected ${JSON.stringify(rest.join(' '))}`);
      const config = resolveReleaseConfig({ action, flags: values, env: io.env, root: deps.root, git: deps.git });
      await release(config, deps, io);
      return 0;
    },
  });
}

export default releaseCommand(processDeps(process.cwd()));
