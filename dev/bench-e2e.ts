/**
 * `npm run bench:e2e`: in the headless host, the time from the automator's reLaunch to the app
 * receiving the extMsg, without the client's fixed 3 s sleep (start-up work + tap-to-return), and
 * the service round trips after the user's tap (the contract: exactly 1). Needs a build (npm run build).
 */
import { startDevStack } from './dev-stack.ts';
import { scriptedLogin } from './scripted-login.ts';
import { buildDir } from '../devtools-host/built-app.ts';

function runs(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 5;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    console.error(`XDL_BENCH_RUNS: a whole number of launches, 1 or more, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return Number(raw);
}

const RUNS = runs(process.env.XDL_BENCH_RUNS);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const stack = await startDevStack({ projectRoot: buildDir(process.cwd()), servicePort: 0, hostPort: 0 });
try {
  const pool = await stack.service.pools.create({ name: 'bench', connectionDisplayName: '微信' });
  const startup: number[] = [];
  const tapToReturn: number[] = [];
  const roundTrips: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const user = stack.sandbox.state.createUser({ phoneNumber: `1380013${String(run).padStart(4, '0')}` });
    const { timings, exchangeStatus } = await scriptedLogin(stack.host, stack.service.url, pool, user.userId);
    if (exchangeStatus !== 200) throw new Error(`run ${run + 1}: the exchange answered ${exchangeStatus}`);
    startup.push(timings.relaunchToReadyMs);
    tapToReturn.push(timings.tapToAppReturnMs);
    roundTrips.push(timings.requestsAfterTap);
  }
  const total = startup.map((ms, i) => ms + (tapToReturn[i] as number));
  console.log(`bench:e2e — ${RUNS} launches with phone (new user each), headless host, sandbox WeChat, embedded store in memory`);
  console.log(`  reLaunch → page ready (start-up requests):  median ${median(startup)} ms   [${startup.join(', ')}]`);
  console.log(`  tap → app receives extMsg:                  median ${median(tapToReturn)} ms   [${tapToReturn.join(', ')}]`);
  console.log(`  reLaunch → extMsg, client sleeps excluded:  median ${median(total)} ms`);
  console.log(`  service round trips after the tap:          ${[...new Set(roundTrips)].join(', ')} (must be 1)`);
  if (roundTrips.some((n) => n !== 1)) process.exitCode = 1;
} finally {
  await stack.close();
}
