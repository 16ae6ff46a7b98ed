import { describe, expect, it } from 'vitest';
import { DeploymentConfigError, injectDeployment, validateDeployment } from '../../scripts/deployment-config.js';

const compiled = '"use strict";exports.deployment = void 0;\nexports.deployment = {\n    serviceBaseUrl: \'http://127.0.0.1:8787\',\n    requestTimeoutMs: 10000,\n    wxapp: \'hosted\',\n};\n';

describe('deployment settings of a build', () => {
  it('overrides only what the operator set', () => {
    const out = injectDeployment(compiled, { serviceBaseUrl: 'https://login.example.com' });
    expect(out).toContain('exports.deployment = {"serviceBaseUrl":"https://login.example.com","requestTimeoutMs":10000,"wxapp":"hosted"};');
  });

  it.each([
    [{ serviceBaseUrl: 'not a url' }, false, /serviceBaseUrl: not a URL/],
    [{ serviceBaseUrl: 'http://login.example.com' }, true, /must be https/],
    [{ serviceBaseUrl: 'ftp://login.example.com' }, false, /must be https \(or http outside production builds\)/],
    [{ serviceBaseUrl: 'https://x.example.com/?a=1' }, false, /query or fragment/],
    [{ requestTimeoutMs: 10 }, false, /requestTimeoutMs/],
    [{ wxapp: 'mine' as 'own' }, false, /wxapp: one of hosted, own/],
  ])('rejects %j (production=%s) naming the setting', (settings, production, message) => {
    expect(() => validateDeployment(settings, production)).toThrow(DeploymentConfigError);
    expect(() => validateDeployment(settings, production)).toThrow(message);
  });

  it('accepts http for local development builds', () => {
    expect(validateDeployment({ serviceBaseUrl: 'http://127.0.0.1:8787' }, false)).toEqual({ serviceBaseUrl: 'http://127.0.0.1:8787' });
  });
});
