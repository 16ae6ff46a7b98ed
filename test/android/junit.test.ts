/**
 * The Android library's JUnit 5 tests (android-sample/run-junit.sh: javac --release 8, then Debian's
 * JUnit console launcher), which read test/vectors/ in place. The jdk tier (test/support/tiers.ts):
 * required under CI=true, skipped elsewhere with the tier's notice.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

interface ScriptFailure {
  code?: number | string;
  stdout?: string;
  stderr?: string;
}

/** The script's output, or an Error carrying all of it (JUnit prints each failure with its stack). */
async function runJunit(): Promise<string> {
  try {
    const { stdout } = await run('sh', [join(repoRoot, 'android-sample/run-junit.sh')], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as ScriptFailure;
    throw new Error(`android-sample/run-junit.sh exited with ${String(failure.code)}\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`, {
      cause: error,
    });
  }
}

describe.skipIf(!inject('tiers').jdk)('the Android library (JUnit 5)', () => {
  it('compiles for Java 8 and passes its tests on the shared vectors', { timeout: 90_000 }, async () => {
    const output = await runJunit();
    const count = (label: string): number => countOf(output, label);
    expect(count('failed')).toBe(0);
    expect(count('successful')).toBeGreaterThan(0);
    expect(count('successful')).toBe(count('found'));
  });
});

/** `[   148 tests successful      ]` → 148. */
function countOf(output: string, label: string): number {
  const match = new RegExp(`\\[\\s*(\\d+) tests ${label}\\s*\\]`).exec(output);
  if (!match) throw new Error(`JUnit printed no "tests ${label}" line:\n${output}`);
  return Number(match[1]);
}
