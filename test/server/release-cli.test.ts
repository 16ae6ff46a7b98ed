/**
 * `xiaodenglu release preview|upload` offline: the arguments and configuration, the production gate, and
 * exactly what it would hand to miniprogram-ci — with an injected module standing in for miniprogram-ci,
 * which records the call and what the staged project holds. Nothing here talks to WeChat.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../server/cli/io.ts';
import { main } from '../../server/cli/main.ts';
import { processDeps, releaseCommand, type CiProjectOptions, type MiniprogramCi, type ReleaseDeps } from '../../server/cli/release.ts';
import { bakedSettings, filesUnder } from '../../server/release/package-check.ts';
import { readQrText } from '../../server/release/preview-qr.ts';
import { deploymentModule } from '../../scripts/deployment-config.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
/** An operator may have installed it here to release; the missing-package message is checked where it is not. */
const ciInstalled = existsSync(path.join(REPO, 'node_modules', 'miniprogram-ci'));
const APPID = 'wx0123456789abcdef';
const OTHER_APPID = 'wxfedcba9876543210';
const PRODUCTION = { serviceBaseUrl: 'https://login.example.com', requestTimeoutMs: 10_000, demoPoolId: '0123456789abcdef01234567' };
const PREVIEW_LINK = 'https://open.weixin.qq.com/sns/getexpappinfo?appid=wx0123456789abcdef&path=routes%2Fexplore';

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const newFolder = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
};

const pem = (): string =>
  generateKeyPairSync('rsa', {
    modulusLength: 1024,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;

/** A checkout like the repository's: package.json, project.config.json, .gitignore, one commit, a key beside it. */
function checkout(): string {
  const root = newFolder('xdl-release-root-');
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'xiaodenglu', version: '1.2.3' }));
  cpSync(path.join(REPO, 'project.config.json'), path.join(root, 'project.config.json'));
  cpSync(path.join(REPO, '.gitignore'), path.join(root, '.gitignore'));
  writeFileSync(path.join(root, `private.${APPID}.key`), pem());
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'ignore' });
  git('init', '--quiet');
  git('add', '.');
  git('commit', '--quiet', '-m', 'Ship the landing page');
  return root;
}

/** What `gulp release` would leave: the suite's build with `settings` baked in, plus `extra` files. */
function fakeBuild(root: string, settings: object, extra: Record<string, string> = {}) {
  return async () => {
    const dist = path.join(root, 'dist');
    rmSync(dist, { recursive: true, force: true });
    cpSync(path.join(REPO, 'dist'), dist, { recursive: true });
    writeFileSync(path.join(dist, 'deployment.js'), deploymentModule(settings as typeof PRODUCTION));
    for (const [file, text] of Object.entries(extra)) {
      mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
      writeFileSync(path.join(dist, file), text);
    }
  };
}

interface CiCall {
  action: 'upload' | 'preview';
  project: CiProjectOptions;
  options: Record<string, unknown>;
  /** The staged project as miniprogram-ci would read it. */
  files: string[];
  baked: ReturnType<typeof bakedSettings>;
  stagedConfig: Record<string, unknown>;
}

function fakeCi(calls: CiCall[], fail?: Error): MiniprogramCi {
  class Project {
    constructor(readonly options: CiProjectOptions) {}
  }
  const record = async (action: CiCall['action'], options: Record<string, unknown>) => {
    const project = (options.project as Project).options;
    calls.push({
      action,
      project,
      options,
      files: filesUnder(project.projectPath),
      baked: bakedSettings(path.join(project.projectPath, 'dist')),
      stagedConfig: JSON.parse(readFileSync(path.join(project.projectPath, 'project.config.json'), 'utf8')) as Record<string, unknown>,
    });
    if (fail) throw fail;
  };
  return {
    Project,
    upload: (options) => record('upload', { ...options }),
    async preview(options) {
      await record('preview', { ...options });
      // WeChat's answer as miniprogram-ci writes it (its image is a JPEG; a PNG of the same code reads the same).
      const png = await QRCode.toBuffer(PREVIEW_LINK, { type: 'png', width: 300 });
      writeFileSync(options.qrcodeOutputDest, `data:image/jpeg;base64,${png.toString('base64')}`);
    },
  };
}

interface Run {
  code: number;
  out: string;
  err: string;
}

async function release(deps: ReleaseDeps, env: Record<string, string>, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { env, out: (text) => out.push(text), err: (text) => err.push(text), stopRequested: () => new Promise(() => {}) };
  const command = releaseCommand(deps);
  const code = await main(['release', ...argv], io, { release: { summary: command.summary, load: async () => command } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('xiaodenglu release', () => {
  let root: string;
  let calls: CiCall[];
  let built: number;
  const deps = (overrides: Partial<ReleaseDeps> = {}): ReleaseDeps => ({
    ...processDeps(root),
    loadCi: async () => fakeCi(calls),
    build: async () => {
      built += 1;
      await fakeBuild(root, PRODUCTION)();
    },
    ...overrides,
  });

  beforeAll(() => {
    root = checkout();
  });
  beforeEach(() => {
    calls = [];
    built = 0;
  });

  it('upload: builds first, then hands miniprogram-ci the AppID, key, version from package.json, description from git, robot', async () => {
    const run = await release(deps(), {}, 'upload', '--appid', APPID, '--robot', '3');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(built).toBe(1);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call.action).toBe('upload');
    expect(call.project).toMatchObject({ appid: APPID, type: 'miniProgram', privateKeyPath: path.join(root, `private.${APPID}.key`) });
    expect(call.options).toMatchObject({ version: '1.2.3', robot: 3, setting: { useProjectConfig: true } });
    expect(call.options.desc).toMatch(/^[0-9a-f]{7,} Ship the landing page$/);
    expect(run.out).toContain('uploaded v1.2.3');
  });

  it('packs only project.config.json (with the release AppID) and the production build: no sources, tests, maps or keys', async () => {
    await release(deps(), {}, 'upload', '--appid', APPID);
    const [call] = calls;
    const built = filesUnder(path.join(root, 'dist')).map((file) => `dist/${file}`);
    expect(call.files).toEqual(['project.config.json', ...built].sort());
    expect(call.files).toContain('dist/deployment.js');
    expect(call.files.filter((file) => /\.(map|ts|key)$|test|private|node_modules|^(server|miniprogram|scripts)\//.test(file))).toEqual([]);
    expect(call.baked).toEqual({ serviceBaseUrl: PRODUCTION.serviceBaseUrl, demoPoolId: PRODUCTION.demoPoolId });
    expect(call.stagedConfig).toMatchObject({ appid: APPID, miniprogramRoot: 'dist/', compileType: 'miniprogram' });
    expect(existsSync(call.project.projectPath)).toBe(false); // the staging folder is removed afterwards
  });

  it('preview: prints the QR code in the terminal and writes it as a PNG that reads back to the same link', async () => {
    const qr = path.join(newFolder('xdl-release-qr-'), 'preview.png');
    const run = await release(deps(), { XDL_WX_APPID: APPID }, 'preview', '--qr', qr, '--desc', 'try the landing page');
    expect(run.err).toBe('');
    expect(calls[0]).toMatchObject({ action: 'preview', options: { desc: 'try the landing page', robot: 1, qrcodeFormat: 'base64' } });
    expect(run.out).toMatch(/[▀▄█]/);
    expect(await readQrText(new Uint8Array(readFileSync(qr)))).toBe(PREVIEW_LINK);
  });

  it('refuses to upload a development build, and says why', async () => {
    const run = await release(
      deps({ build: fakeBuild(root, { serviceBaseUrl: 'http://127.0.0.1:8787', requestTimeoutMs: 10_000 }) }),
      {},
      'upload',
      '--appid',
      APPID,
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain('deployment.js is not a production build: serviceBaseUrl is still the development default');
    expect(calls).toEqual([]);
  });

  it.each([
    ['a source map', { 'core/login-flow.js.map': '{}' }, 'core/login-flow.js.map (a source map)'],
    ['a test', { 'core/login-flow.test.js': '' }, 'core/login-flow.test.js (a test)'],
    ['a private key', { [`private.${APPID}.key`]: 'x' }, `private.${APPID}.key (a key)`],
    ['a TypeScript source', { 'core/presenter.ts': '' }, 'core/presenter.ts (a TypeScript source)'],
  ])('refuses a build holding %s, naming the file', async (_what, extra, named) => {
    const run = await release(deps({ build: fakeBuild(root, PRODUCTION, extra) }), {}, 'upload', '--appid', APPID);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`the build holds files that must not be uploaded:\n  ${named}`);
    expect(calls).toEqual([]);
  });

  it('the production gate runs before anything is packed: a refused build stops the release with its message', async () => {
    const gate = processDeps(REPO).build;
    const run = await release(deps({ build: gate }), { XDL_SERVICE_BASE_URL: 'http://login.example.com' }, 'upload', '--appid', APPID);
    expect(run.code).toBe(1);
    expect(run.err).toContain('the production build (gulp release) failed');
    expect(run.err).toContain('serviceBaseUrl (XDL_SERVICE_BASE_URL): must be https');
    expect(calls).toEqual([]);
  });

  describe('refusals before building, each naming what is wrong', () => {
    it.each<[string, Record<string, string>, string[], string]>([
      [
        'the tourist AppID of project.config.json',
        {},
        [],
        'AppID (project.config.json): "touristappid" is WeChat DevTools\' tourist placeholder',
      ],
      ['a malformed AppID', {}, ['--appid', 'wx123'], 'AppID (--appid): must be wx followed by 16 lowercase hex characters, got "wx123"'],
      [
        'a missing key file',
        { XDL_UPLOAD_KEY: '/nonexistent/key' },
        ['--appid', APPID],
        'private key (XDL_UPLOAD_KEY): no file at /nonexistent/key',
      ],
      [
        'a key named for another AppID',
        {},
        ['--appid', OTHER_APPID, '--private-key', `private.${APPID}.key`],
        `private key (--private-key): private.${APPID}.key is the key of ${APPID}, but the AppID is ${OTHER_APPID}`,
      ],
      ['a robot out of range', {}, ['--appid', APPID, '--robot', '31'], '--robot: must be a whole number from 1 to 30'],
    ])('%s', async (_what, env, flags, message) => {
      const run = await release(deps(), env, 'upload', ...flags);
      expect(run.code).toBe(1);
      expect(run.err).toContain(message);
      expect(built).toBe(0);
      expect(calls).toEqual([]);
    });

    it('a key file that is not a private key', async () => {
      const file = path.join(newFolder('xdl-release-key-'), 'upload.key');
      writeFileSync(file, 'not a key');
      const run = await release(deps(), { XDL_UPLOAD_KEY: file }, 'upload', '--appid', APPID);
      expect(run.err).toContain(`private key (XDL_UPLOAD_KEY): ${file} is not a PEM private key`);
    });

    it('a key inside the repository that git would commit', async () => {
      writeFileSync(path.join(root, 'upload.pem'), pem());
      const run = await release(deps(), {}, 'upload', '--appid', APPID, '--private-key', 'upload.pem');
      rmSync(path.join(root, 'upload.pem'));
      expect(run.err).toContain('upload.pem is inside the repository and not ignored by git');
    });

    it('the AppID from project.private.config.json, when no flag or variable gives one', async () => {
      writeFileSync(path.join(root, 'project.private.config.json'), JSON.stringify({ appid: APPID }));
      const run = await release(deps(), {}, 'upload');
      rmSync(path.join(root, 'project.private.config.json'));
      expect(run.code).toBe(0);
      expect(calls[0].project.appid).toBe(APPID);
    });

    it.skipIf(ciInstalled)('miniprogram-ci not installed: says why it is not a dependency and how to install it', async () => {
      const run = await release(deps({ loadCi: processDeps(REPO).loadCi }), {}, 'upload', '--appid', APPID);
      expect(run.code).toBe(1);
      expect(run.err).toContain('miniprogram-ci is not installed');
      expect(run.err).toContain('npm install --no-save --ignore-scripts miniprogram-ci@2');
      expect(built).toBe(0);
    });
  });

  describe("WeChat's refusals, explained", () => {
    it.each([
      [
        'an IP not on the upload whitelist',
        new Error(
          '{"errCode":-1,"errMsg":"invalid ip: 203.0.113.7, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html"}',
        ),
        "WeChat refused this machine's IP 203.0.113.7: uploads and previews are accepted only from the IPs listed",
      ],
      [
        'a key that does not sign for this AppID',
        new Error('generate local signature fail. Usually this happens the content or encoding of private key file is incorrect.'),
        `the private key was refused: it must be the current 代码上传密钥 of ${APPID}`,
      ],
      [
        'no way to reach WeChat',
        new Error('Error: getaddrinfo ENOTFOUND servicewechat.com'),
        'could not reach WeChat (servicewechat.com): miniprogram-ci needs the internet',
      ],
      ['anything else, passed on', new Error('socket hang up'), 'miniprogram-ci failed: socket hang up'],
    ])('%s', async (_what, error, message) => {
      const run = await release(deps({ loadCi: async () => fakeCi(calls, error) }), {}, 'upload', '--appid', APPID);
      expect(run.code).toBe(1);
      expect(run.err).toContain(message);
    });
  });

  it('misuse shows the usage; --help describes the command', async () => {
    const misuse = await release(deps(), {}, 'deploy');
    expect(misuse.code).toBe(2);
    expect(misuse.err).toContain('first word: preview or upload, got "deploy"');
    const help = await release(deps(), {}, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: xiaodenglu release preview|upload');
    expect(calls).toEqual([]);
  });
});
