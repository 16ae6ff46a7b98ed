import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeploymentConfigError, injectDeployment, resolveDeployment, validateDeployment } from '../../scripts/deployment-config.js';

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

  describe('xiaodenglu.deploy.json', () => {
    const fileWith = (text: string): string => {
      const file = join(mkdtempSync(join(tmpdir(), 'xdl-deploy-')), 'xiaodenglu.deploy.json');
      writeFileSync(file, text);
      return file;
    };

    it('is read, and XDL_* variables win over it', () => {
      const file = fileWith('{"serviceBaseUrl":"https://a.example.com","wxapp":"own"}');
      expect(resolveDeployment({ XDL_SERVICE_BASE_URL: 'https://b.example.com' }, file)).toEqual({
        serviceBaseUrl: 'https://b.example.com',
        wxapp: 'own',
      });
    });

    it('names the file when it is not JSON', () => {
      const file = fileWith('{ serviceBaseUrl: ');
      expect(() => resolveDeployment({}, file)).toThrow(new RegExp(`${file}: not valid JSON`));
    });

    it('names an unknown setting instead of ignoring it', () => {
      const file = fileWith('{"serviceBaseURL":"https://a.example.com"}');
      expect(() => resolveDeployment({}, file)).toThrow(/unknown setting serviceBaseURL/);
    });

    it('rejects a file that is not an object', () => {
      expect(() => resolveDeployment({}, fileWith('[]'))).toThrow(/must hold a JSON object/);
    });
  });
});
