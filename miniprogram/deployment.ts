/**
 * The settings a deployment of this mini-program is built with. The values below are the local
 * development defaults; an operator overrides them at build time with `xiaodenglu.deploy.json` or
 * XDL_* variables (docs/deployment.md): the build replaces this literal, so keep it a flat literal.
 */

export interface DeploymentConfig {
  /** Origin (and optional path prefix) of the ticket service; https in production builds. */
  serviceBaseUrl: string;
  /** Per-request timeout of wx.request calls to the service. */
  requestTimeoutMs: number;
  /** Which WeChat credentials this build is: our hosted mini-program or an operator's own. */
  wxapp: 'hosted' | 'own';
}

export const deployment: DeploymentConfig = {
  serviceBaseUrl: 'http://127.0.0.1:8787',
  requestTimeoutMs: 10000,
  wxapp: 'hosted',
};
