/**
 * What the bin ships works with production dependencies only: a copy of the repository gets
 * `npm ci --omit=dev`, then every `xiaodenglu` command runs there — its help, and each one for real.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../server/cli/commands.ts';
import { imageCacheDir } from '../../server/store/pglite-image.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const copy = mkdtempSync(path.join(tmpdir(), 'xdl-omit-dev-'));
const dataDir = path.join(copy, 'data');
/** The child processes' environment: the image this run built, no development settings of ours. */
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  XDL_CACHE_DIR: imageCacheDir(),
  XDL_DATA_DIR: dataDir,
  XDL_PORT: '0',
  XDL_SANDBOX_PORT: '0',
};
const running: ChildProcess[] = [];

beforeAll(() => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    if (!existsSync(path.join(repo, file))) continue;
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(repo, file), path.join(copy, file));
  }
  execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: copy, env, stdio: 'pipe' });
}, 180_000);

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(copy, { recursive: true, force: true });
});

/** `xiaodenglu <args>` in the copy, to its end. */
function xiaodenglu(...args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['bin/xiaodenglu.mjs', ...args], { cwd: copy, env, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * A long-running command: once what it printed matches `ready`, `whileUp` gets the match, then the command
 * is stopped (SIGTERM) and its exit code awaited.
 */
async function runUntil(
  ready: RegExp,
  args: string[],
  whileUp: (match: RegExpMatchArray) => Promise<void> = async () => {},
): Promise<{ output: string; exitCode: number | null }> {
  const child = spawn(process.execPath, ['bin/xiaodenglu.mjs', ...args], { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) resolve();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(() => reject(new Error(`xiaodenglu ${args.join(' ')} ended before ${ready}: ${output}`)));
  });
  await whileUp(output.match(ready) as RegExpMatchArray);
  child.kill('SIGTERM');
  const [exitCode] = (await exited) as [number | null];
  return { output, exitCode };
}

describe('after npm ci --omit=dev', () => {
  it('has no development dependency installed', () => {
    expect(existsSync(path.join(copy, 'node_modules', 'vitest'))).toBe(false);
    expect(existsSync(path.join(copy, 'node_modules', 'miniprogram-automator'))).toBe(false);
  });

  it('loads every command and prints its help', () => {
    // One process loads them all (each command module is imported only when run): the bin's own loader, then main() per command.
    const script = `import { register } from 'tsx/esm/api'; register();
      const { main } = await import('./server/cli/main.ts');
      const out = [];
      const io = { env: process.env, out: (t) => out.push(t), err: (t) => out.push('ERR ' + t), stopRequested: () => new Promise(() => {}) };
      for (const name of ${JSON.stringify(Object.keys(COMMANDS))}) out.push(name + ' exit ' + (await main([name, '--help'], io)));
      console.log(JSON.stringify(out));`;
    const printed = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: copy, env, encoding: 'utf8' }),
    ) as string[];
    for (const name of Object.keys(COMMANDS)) {
      expect(printed).toContain(`${name} exit 0`);
      expect(printed.some((line) => line.startsWith(`usage: xiaodenglu ${name} `))).toBe(true);
    }
    expect(printed.filter((line) => line.startsWith('ERR'))).toEqual([]);
  });

  it('xiaodenglu data-key, pool create and pool list run', () => {
    expect(xiaodenglu('data-key', '--kid', 'k1').stdout).toMatch(/^k1:[A-Za-z0-9_-]{43}\n$/);
    const created = xiaodenglu('pool', 'create', '--name', 'Omit dev');
    expect(created.status).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect(JSON.parse(xiaodenglu('pool', 'list').stdout)).toEqual([expect.objectContaining({ id, name: 'Omit dev' })]);
  });

  it('xiaodenglu qrcode writes the try-it PNG', () => {
    const out = path.join(copy, 'try.png');
    const { status, stdout } = xiaodenglu('qrcode', '--pool', 'f'.repeat(24), '--out', out);
    expect(status).toBe(0);
    expect(stdout).toContain(`PNG written to ${out}`);
    expect(readdirSync(copy)).toContain('try.png');
  });

  it('xiaodenglu serve starts the service and the sandbox, answers, and drains on SIGTERM', async () => {
    const { output, exitCode } = await runUntil(/ticket service at (http:\/\/127\.0\.0\.1:\d+)/, ['serve'], async ([, url]) => {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    });
    expect(output).toMatch(/WeChat sandbox \(development only\) at/);
    expect(exitCode).toBe(0);
  }, 30_000);

  it('xiaodenglu sandbox starts and stops', async () => {
    const { exitCode } = await runUntil(/WeChat sandbox at http:\/\/127\.0\.0\.1:\d+/, ['sandbox', '--port', '0']);
    expect(exitCode).toBe(0);
  }, 30_000);

  it('xiaodenglu devtools serves the automation protocol on the build', async () => {
    const { output, exitCode } = await runUntil(/automator endpoint ws:\/\/127\.0\.0\.1:\d+/, [
      'devtools',
      '--port',
      '0',
      '--project',
      path.join(repo, 'dist'),
    ]);
    expect(output).toContain('[devtools] automator endpoint ws://127.0.0.1:');
    expect(exitCode).toBe(0);
  }, 30_000);
});
