/**
 * Deployment settings of a mini-program build, applied by gulpfile.js to the compiled
 * miniprogram/deployment.ts. Sources, later ones winning: the defaults in that file,
 * `xiaodenglu.deploy.json` at the project root, then the XDL_* environment variables.
 */
import { existsSync, readFileSync } from 'node:fs';

const WXAPP_LABELS = ['hosted', 'own'];
export const DEPLOY_FILE = 'xiaodenglu.deploy.json';
/** The variables a build reads (NODE_ENV decides whether https is required). */
export const DEPLOYMENT_ENV = ['NODE_ENV', 'XDL_SERVICE_BASE_URL', 'XDL_REQUEST_TIMEOUT_MS', 'XDL_WXAPP'];

export class DeploymentConfigError extends Error {}

const SETTING_NAMES = ['serviceBaseUrl', 'requestTimeoutMs', 'wxapp'];

function readDeployFile(file) {
  if (!existsSync(file)) return {};
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeploymentConfigError(`${file}: not valid JSON (${error.message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DeploymentConfigError(`${file}: must hold a JSON object`);
  }
  const unknown = Object.keys(parsed).filter((key) => !SETTING_NAMES.includes(key));
  if (unknown.length > 0) {
    throw new DeploymentConfigError(`${file}: unknown setting ${unknown.join(', ')} (known: ${SETTING_NAMES.join(', ')})`);
  }
  return parsed;
}

export function resolveDeployment(env, file = DEPLOY_FILE) {
  const settings = { ...readDeployFile(file) };
  if (env.XDL_SERVICE_BASE_URL) settings.serviceBaseUrl = env.XDL_SERVICE_BASE_URL;
  if (env.XDL_REQUEST_TIMEOUT_MS) settings.requestTimeoutMs = Number(env.XDL_REQUEST_TIMEOUT_MS);
  if (env.XDL_WXAPP) settings.wxapp = env.XDL_WXAPP;
  return validateDeployment(settings, env.NODE_ENV === 'production');
}

export function validateDeployment(settings, production) {
  const { serviceBaseUrl, requestTimeoutMs, wxapp } = settings;
  if (serviceBaseUrl !== undefined) {
    let url;
    try {
      url = new URL(serviceBaseUrl);
    } catch {
      throw new DeploymentConfigError(`serviceBaseUrl: not a URL: ${JSON.stringify(serviceBaseUrl)}`);
    }
    if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) {
      throw new DeploymentConfigError(`serviceBaseUrl: must be https${production ? "" : " (or http outside production builds)"}, got ${url.protocol}`);
    }
    if (url.search || url.hash) throw new DeploymentConfigError('serviceBaseUrl: must not carry a query or fragment');
  }
  if (requestTimeoutMs !== undefined && !(Number.isInteger(requestTimeoutMs) && requestTimeoutMs >= 1000 && requestTimeoutMs <= 60000)) {
    throw new DeploymentConfigError(`requestTimeoutMs: an integer from 1000 to 60000, got ${requestTimeoutMs}`);
  }
  if (wxapp !== undefined && !WXAPP_LABELS.includes(wxapp)) {
    throw new DeploymentConfigError(`wxapp: one of ${WXAPP_LABELS.join(', ')}, got ${JSON.stringify(wxapp)}`);
  }
  return settings;
}

const ASSIGNMENT = /exports\.deployment = (\{[^{}]*\});/;

/** Replaces the object literal compiled from miniprogram/deployment.ts with the merged settings. */
export function injectDeployment(compiled, settings) {
  const match = ASSIGNMENT.exec(compiled);
  if (!match) throw new DeploymentConfigError('deployment.js: `exports.deployment = {…};` not found');
  const current = Function(`"use strict"; return (${match[1]});`)();
  const merged = { ...current, ...settings };
  return compiled.replace(ASSIGNMENT, `exports.deployment = ${JSON.stringify(merged)};`);
}
