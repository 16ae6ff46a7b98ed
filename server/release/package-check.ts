/**
 * What `xiaodenglu release` hands to miniprogram-ci: a staged project folder holding project.config.json
 * (with the release AppID) and the build, nothing else. Before staging, the build is checked: its
 * `deployment.js` must be a production one (the rule of `productionProblem`) and no file may be a source
 * map, a test, a TypeScript source or a key. A refusal lists every offending file and stages nothing.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { productionProblem } from './production-rule.ts';
import { ReleaseError } from './config.ts';

/** Files that must never reach WeChat's servers, whatever put them in the build folder. */
const NEVER_PACKED: ReadonlyArray<[RegExp, string]> = [
  [/\.map$/, 'a source map'],
  [/(^|\/)(test|tests|__tests__)\//, 'a test folder'],
  [/\.(test|spec)\.[cm]?[jt]s$/, 'a test'],
  [/\.[cm]?ts$/, 'a TypeScript source'],
  [/\.(key|pem|p12)$/, 'a key'],
  [/(^|\/)private\./, 'a private file'],
  [/(^|\/)project(\.private)?\.config\.json$/, 'a DevTools project file'],
  [/(^|\/)\.[^/]+$/, 'a hidden file'],
];

export interface ProjectConfig {
  miniprogramRoot: string;
  appid: string;
  [key: string]: unknown;
}

export function readProjectConfig(root: string): ProjectConfig {
  const config = JSON.parse(readFileSync(path.join(root, 'project.config.json'), 'utf8')) as ProjectConfig;
  if (typeof config.miniprogramRoot !== 'string') throw new ReleaseError('project.config.json: no "miniprogramRoot"');
  return config;
}

/** Every file under `dir`, relative, with `/` separators, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export interface BakedSettings {
  serviceBaseUrl: string;
  demoPoolId: string | null;
}

/** The settings a built `deployment.js` exports (what the page on a phone will use). */
export function bakedSettings(buildDir: string): BakedSettings {
  const file = path.join(buildDir, 'deployment.js');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new ReleaseError(`${file}: missing; the build did not write its settings`);
  }
  const module: { exports: Record<string, unknown> } = { exports: {} };
  vm.runInNewContext(source, { exports: module.exports, module }, { filename: file });
  const deployment = module.exports.deployment as { serviceBaseUrl?: unknown; demoPoolId?: unknown } | undefined;
  if (typeof deployment?.serviceBaseUrl !== 'string') throw new ReleaseError(`${file}: exports no deployment.serviceBaseUrl`);
  return {
    serviceBaseUrl: deployment.serviceBaseUrl,
    demoPoolId: typeof deployment.demoPoolId === 'string' ? deployment.demoPoolId : null,
  };
}

/** The build's files, once it is known to be a production build with nothing that must stay home. */
export function checkBuild(buildDir: string): string[] {
  const url = bakedSettings(buildDir).serviceBaseUrl;
  const problem = productionProblem(url);
  if (problem) {
    throw new ReleaseError(
      `${path.join(buildDir, 'deployment.js')} is not a production build: serviceBaseUrl ${problem} (got ${url}); refusing to upload a build that cannot reach your service from a phone`,
    );
  }
  const files = filesUnder(buildDir);
  const refused = files.flatMap((file) => {
    const rule = NEVER_PACKED.find(([pattern]) => pattern.test(file));
    return rule ? [`${file} (${rule[1]})`] : [];
  });
  if (refused.length > 0) throw new ReleaseError(`the build holds files that must not be uploaded:\n  ${refused.join('\n  ')}`);
  return files;
}

/**
 * A project folder for miniprogram-ci (`projectPath`): project.config.json with `appid` set, and the
 * checked build under its `miniprogramRoot`. Answers the files staged, relative to the folder.
 */
export function stageProject(root: string, appid: string, stageDir: string): string[] {
  const config = readProjectConfig(root);
  const buildRoot = config.miniprogramRoot.replace(/\/$/, '');
  const buildDir = path.join(root, buildRoot);
  const files = checkBuild(buildDir);
  mkdirSync(stageDir, { recursive: true });
  writeFileSync(path.join(stageDir, 'project.config.json'), `${JSON.stringify({ ...config, appid }, null, 2)}\n`);
  for (const file of files) cpSync(path.join(buildDir, file), path.join(stageDir, buildRoot, file));
  return ['project.config.json', ...files.map((file) => `${buildRoot}/${file}`)];
}
