/**
 * The settings a build of this mini-program bakes in, defined once: the build checks an operator's
 * settings against this schema (scripts/deployment-config.ts, docs/deployment.md) and writes them as
 * the `deployment` module the page imports (`deployment.d.ts`). Not part of the mini-program's build:
 * the page imports the type only.
 */
import { Type, type Static } from 'typebox';
import { POOL_ID_PATTERN } from './contract/launch';

export const DeploymentSettingsSchema = Type.Object(
  {
    serviceBaseUrl: Type.String({
      pattern: '^https?://[^\\s?#]+$',
      description: 'must be an http(s) URL of the ticket service, without query or fragment (https in production builds)',
    }),
    requestTimeoutMs: Type.Integer({
      minimum: 1000,
      maximum: 60_000,
      description: 'must be a whole number of milliseconds from 1000 to 60000',
    }),
    /** The pool a no-parameter open (a WeChat reviewer, a curious user) may try a login against; absent: no demo. */
    demoPoolId: Type.Optional(
      Type.String({
        pattern: POOL_ID_PATTERN.source,
        description: 'must be a user pool id (24 lowercase hex characters, as `xiaodenglu pool create` prints)',
      }),
    ),
  },
  { additionalProperties: false },
);

export type DeploymentSettings = Static<typeof DeploymentSettingsSchema>;

/** A local development build: the service `npm start` and `xiaodenglu serve` run on this machine. */
export const DEVELOPMENT_DEPLOYMENT: DeploymentSettings = {
  serviceBaseUrl: 'http://127.0.0.1:8787',
  requestTimeoutMs: 10_000,
};
