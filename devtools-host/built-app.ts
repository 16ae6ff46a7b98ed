/**
 * Facts about a built mini-program the local tools need: where the build is, and the service
 * origin it calls — read from the build's own `deployment.js`, which is what `wx.request` really
 * uses, whatever xiaodenglu.deploy.json or XDL_SERVICE_BASE_URL said at build time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { errorMessage, isFunction, isPlainObject } from './guards.ts';

/** The folder project.config.json's `miniprogramRoot` names: where the build is. */
export function buildDir(root: string): string {
  const config = JSON.parse(readFileSync(path.join(root, 'project.config.json'), 'utf8')) as { miniprogramRoot: string };
  return path.join(root, config.miniprogramRoot);
}

const origins = new Map<string, string>();

/** The origin of the build's `serviceBaseUrl` (read once per build folder). */
export function bakedServiceOrigin(buildRoot: string): string {
  const file = path.join(path.resolve(buildRoot), 'deployment.js');
  const known = origins.get(file);
  if (known !== undefined) return known;
  const origin = readServiceOrigin(file);
  origins.set(file, origin);
  return origin;
}

/** The settings the build baked into its `deployment.js` (`exports.deployment`). */
export function bakedDeployment(buildRoot: string): Record<string, unknown> {
  const file = path.join(path.resolve(buildRoot), 'deployment.js');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file} (run npm run build first): ${errorMessage(error)}`, { cause: error });
  }
  const module: { exports: Record<string, unknown> } = { exports: {} };
  const factory: unknown = vm.runInNewContext(`(function (exports, module) {${source}\n})`, {}, { filename: file });
  if (!isFunction(factory)) throw new Error(`${file}: could not be evaluated`);
  factory.call(undefined, module.exports, module);
  const deployment = module.exports.deployment;
  if (!isPlainObject(deployment)) throw new Error(`${file}: exports.deployment is not an object`);
  return deployment;
}

function readServiceOrigin(file: string): string {
  const base = bakedDeployment(path.dirname(file)).serviceBaseUrl;
  if (typeof base !== 'string') throw new Error(`${file}: exports.deployment.serviceBaseUrl is not a string`);
  try {
    return new URL(base).origin;
  } catch {
    throw new Error(`${file}: serviceBaseUrl is not a URL: ${JSON.stringify(base)}`);
  }
}
