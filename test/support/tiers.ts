/**
 * Test tiers that need something outside npm. Each is required under CI=true (the run fails, saying
 * what to install) and skipped elsewhere with one notice.
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { chromiumPath } from '../../devtools-host/render/chromium.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Debian's chromium, driven by playwright-core (CHROMIUM_PATH moves it). */
export const CHROMIUM_PATH = chromiumPath(process.env);
/** The JUnit 5 console launcher from Debian's junit5 package (JUNIT_CONSOLE_JAR moves it). */
export const JUNIT_CONSOLE_JAR = process.env.JUNIT_CONSOLE_JAR ?? '/usr/share/java/junit-platform-console-standalone.jar';

export interface TierAvailability {
  postgres: boolean;
  chromium: boolean;
  jdk: boolean;
}

const run = promisify(execFile);

async function problemOf(check: () => Promise<unknown>): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
}

interface Tier {
  name: keyof TierAvailability;
  /** null when usable, else why not. */
  problem(): Promise<string | null>;
  /** What a machine needs for the tier. */
  remedy: string;
}

const TIERS: Tier[] = [
  {
    name: 'postgres',
    remedy: `a PostgreSQL server at ${TEST_DATABASE_URL} (TEST_DATABASE_URL moves it)`,
    problem: () =>
      problemOf(async () => {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 1500 });
        try {
          await client.connect();
          await client.query('SELECT 1');
        } finally {
          await client.end().catch(() => {});
        }
      }),
  },
  {
    name: 'chromium',
    remedy: `Debian's chromium at ${CHROMIUM_PATH} (apt-get install chromium; CHROMIUM_PATH moves it)`,
    problem: () => problemOf(() => run(CHROMIUM_PATH, ['--version'], { timeout: 20_000 })),
  },
  {
    name: 'jdk',
    remedy: `a JDK 11+ (javac, java) and JUnit 5's console launcher at ${JUNIT_CONSOLE_JAR} (apt-get install openjdk-17-jdk-headless junit5; JUNIT_CONSOLE_JAR moves it)`,
    problem: () =>
      problemOf(async () => {
        await run('javac', ['-version'], { timeout: 20_000 });
        await access(JUNIT_CONSOLE_JAR);
      }),
  },
];

export async function checkTiers(env: Readonly<Record<string, string | undefined>>): Promise<TierAvailability> {
  const problems = await Promise.all(TIERS.map(async (tier) => ({ tier, problem: await tier.problem() })));
  const missing = problems.filter(({ problem }) => problem !== null);
  if (missing.length > 0 && env.CI === 'true') {
    const lines = missing.map(({ tier, problem }) => `- ${tier.name}: ${problem}; needs ${tier.remedy}`);
    throw new Error(`CI=true needs every test tier, and these are missing:\n${lines.join('\n')}`);
  }
  for (const { tier, problem } of missing)
    console.warn(`[tests] ${tier.name} tests skipped: ${problem} (needs ${tier.remedy}; required when CI=true)`);
  const available = Object.fromEntries(TIERS.map((tier) => [tier.name, !missing.some((m) => m.tier === tier)]));
  return available as unknown as TierAvailability;
}
