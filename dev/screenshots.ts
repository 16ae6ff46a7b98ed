/**
 * `npm run screenshots`: after a clean build (the npm script runs it first), every state of the login
 * page (dev/page-states.ts) captured by the headless host in light and dark, written to docs/images/
 * as `login-<state>-<theme>.png`. Fixed user, phone number, pool and clock: an unchanged page gives
 * byte-identical images. Needs Debian's chromium and a CJK font (fonts-noto-cjk).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildDir } from '../devtools-host/built-app.ts';
import { THEMES } from '../devtools-host/simulated-user/vocabulary.ts';
import { PAGE_STATES, STAGE_FACTS, startStage, type Evidence } from './page-states.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const IMAGES = path.join(ROOT, 'docs/images');
/** Device pixels per CSS pixel in the docs: sharp on a screen, a third of the phone's file size. */
const DOCS_PIXEL_RATIO = 2;

function imageName(state: string, theme: string): string {
  return `login-${state}-${theme}.png`;
}

function cjkFontInstalled(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

function matches(text: string, expected: Evidence['text']): boolean {
  return typeof expected === 'string' ? text.trim() === expected : expected.test(text.trim());
}

async function main(): Promise<void> {
  // The try-it result shows a time in the phone's zone; the phone is in China.
  process.env.TZ = STAGE_FACTS.timeZone;
  if (!cjkFontInstalled()) {
    throw new Error('no CJK font: the page would render as boxes. Install one: apt-get install fonts-noto-cjk');
  }
  const stage = await startStage({ projectRoot: buildDir(ROOT) });
  const written = new Set<string>();
  try {
    mkdirSync(IMAGES, { recursive: true });
    for (const state of PAGE_STATES) {
      await state.reach(stage);
      for (const theme of THEMES) {
        const shot = await stage.host.control.screenshot({
          theme,
          pixelRatio: DOCS_PIXEL_RATIO,
          probes: state.evidence.map((evidence) => evidence.selector),
        });
        for (const evidence of state.evidence) {
          const seen = shot.probes[evidence.selector];
          if (!seen || !matches(seen.text, evidence.text)) {
            throw new Error(
              `state ${state.name}: expected ${evidence.selector} showing ${String(evidence.text)}, saw ${JSON.stringify(seen)}`,
            );
          }
        }
        const name = imageName(state.name, theme);
        writeFileSync(path.join(IMAGES, name), shot.png);
        written.add(name);
        console.log(`docs/images/${name}  ${state.shows}`);
      }
    }
  } finally {
    await stage.close();
  }
  // A state taken out of the table takes its images with it.
  for (const file of readdirSync(IMAGES)) {
    if (/^login-.*-(light|dark)\.png$/.test(file) && !written.has(file)) {
      rmSync(path.join(IMAGES, file));
      console.log(`removed docs/images/${file} (no such state any more)`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(`screenshots: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
