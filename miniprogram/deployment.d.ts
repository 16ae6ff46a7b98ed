import type { DeploymentSettings } from './deployment-settings';

/** What this build was made with: the build writes `deployment.js` from the checked settings (docs/deployment.md). */
export declare const deployment: DeploymentSettings;
