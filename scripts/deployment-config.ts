/**
 * The deployment settings a mini-program build bakes in (docs/deployment.md). Sources, later ones
 * winning: the development defaults, `xiaodenglu.deploy.json` at the project root, then the XDL_*
 * environment variables. The result is checked against the schema and, for a production build, against
 * what WeChat lets a published mini-program call; then the build writes it as `deployment.js`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DEVELOPMENT_DEPLOYMENT, DeploymentSettingsSchema, type DeploymentSettings } from '../miniprogram/deployment-settings.ts';
import { productionProblem } from '../server/release/production-rule.ts';
import { SettingsError, checkSettings, fromText } from '../server/settings.ts';

export const DEPLOY_FILE = 'xiaodenglu.deploy.json';

/** The variable of each setting. */
export const DEPLOYMENT_ENV: Readonly<Record<keyof DeploymentSettings, string>> = {
  serviceBaseUrl: 'XDL_SERVICE_BASE_URL',
  requestTimeoutMs: 'XDL_REQUEST_TIMEOUT_MS',
  demoPoolId: 'XDL_DEMO_POOL_ID',
};

/** Every variable a build reads: NODE_ENV=production makes it a production build. */
export const BUILD_ENV: readonly string[] = ['NODE_ENV', ...Object.values(DEPLOYMENT_ENV)];

export class DeploymentConfigError extends SettingsError {}

type Env = Readonly<Record<string, string | undefined>>;

function readDeployFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeploymentConfigError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new DeploymentConfigError(`${file}: must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

const isSetting = (key: string): key is keyof DeploymentSettings => Object.prototype.hasOwnProperty.call(DEPLOYMENT_ENV, key);

/** Where each setting came from, for the errors: `serviceBaseUrl (XDL_SERVICE_BASE_URL)`. */
function describe(setting: string, fromEnv: ReadonlySet<string>, file: string, fromFile: ReadonlySet<string>): string {
  if (isSetting(setting) && fromEnv.has(setting)) return `${setting} (${DEPLOYMENT_ENV[setting]})`;
  if (fromFile.has(setting) || !isSetting(setting)) return `${setting} (${file})`;
  return `${setting} (the development default)`;
}

const howToSet = (setting: keyof DeploymentSettings, file: string): string => `set ${DEPLOYMENT_ENV[setting]} or "${setting}" in ${file}`;

/** A production build's service URL, checked by the rule a published mini-program lives under (`productionProblem`). */
function checkProduction(settings: DeploymentSettings, label: (setting: keyof DeploymentSettings) => string, file: string): void {
  const problem = productionProblem(settings.serviceBaseUrl);
  if (problem) {
    throw new DeploymentConfigError(
      `${label('serviceBaseUrl')}: ${problem} (got ${settings.serviceBaseUrl}); a production build calls your ticket service at an https domain listed as the mini-program's request合法域名: ${howToSet('serviceBaseUrl', file)}`,
    );
  }
}

export function resolveDeployment(env: Env, file: string = DEPLOY_FILE): DeploymentSettings {
  const fromFile = readDeployFile(file);
  const values: Record<string, unknown> = { ...DEVELOPMENT_DEPLOYMENT, ...fromFile };
  const fromEnv = new Set<string>();
  for (const [setting, name] of Object.entries(DEPLOYMENT_ENV)) {
    const text = env[name];
    // Set but empty is refused by the schema, as the service's configuration refuses it: no silent default.
    if (text === undefined) continue;
    values[setting] = fromText(DeploymentSettingsSchema.properties[setting as keyof DeploymentSettings], text);
    fromEnv.add(setting);
  }
  const fileKeys = new Set(Object.keys(fromFile));
  const label = (setting: string) => describe(setting, fromEnv, file, fileKeys);
  let settings: DeploymentSettings;
  try {
    settings = checkSettings(DeploymentSettingsSchema, values, label);
  } catch (error) {
    if (error instanceof SettingsError) throw new DeploymentConfigError(error.message);
    throw error;
  }
  if (env.NODE_ENV === 'production') checkProduction(settings, label, file);
  return settings;
}

/** The CommonJS module the build writes as `deployment.js` (what `miniprogram/deployment.d.ts` declares). */
export function deploymentModule(settings: DeploymentSettings): string {
  return `"use strict";Object.defineProperty(exports,"__esModule",{value:true});exports.deployment=${JSON.stringify(settings)};\n`;
}
