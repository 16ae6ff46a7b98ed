export interface DeploymentSettings {
  serviceBaseUrl?: string;
  requestTimeoutMs?: number;
  wxapp?: 'hosted' | 'own';
}
export class DeploymentConfigError extends Error {}
export function resolveDeployment(env: NodeJS.ProcessEnv, file?: string): DeploymentSettings;
export function validateDeployment(settings: DeploymentSettings, production: boolean): DeploymentSettings;
export function injectDeployment(compiled: string, settings: DeploymentSettings): string;
export const DEPLOY_FILE: string;
export const DEPLOYMENT_ENV: readonly string[];
