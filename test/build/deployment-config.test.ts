import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_DEPLOYMENT } from '../../miniprogram/deployment-settings';
import { DeploymentConfigError, deploymentModule, resolveDeployment } from '../../scripts/deployment-config';

const folder = mkdtempSync(join(tmpdir(), 'xdl-deploy-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const missingFile = join(folder, 'none.json');
let files = 0;
const fileWith = (text: string): string => {
  const file = join(folder, `deploy-${++files}.json`);
  writeFileSync(file, text);
  return file;
};

describe('deployment settings of a build', () => {
  it('are the development defaults when nothing is set', () => {
    expect(resolveDeployment({}, missingFile)).toEqual(DEVELOPMENT_DEPLOYMENT);
  });

  it('take xiaodenglu.deploy.json over the defaults, and XDL_* variables over the file', () => {
    const file = fileWith('{"serviceBaseUrl":"https://a.example.com","requestTimeoutMs":8000}');
    expect(resolveDeployment({ XDL_SERVICE_BASE_URL: 'https://b.example.com', XDL_REQUEST_TIMEOUT_MS: '5000' }, file)).toEqual({
      serviceBaseUrl: 'https://b.example.com',
      requestTimeoutMs: 5000,
    });
  });

  it.each([
    [{ XDL_SERVICE_BASE_URL: 'not a url' }, 'serviceBaseUrl (XDL_SERVICE_BASE_URL): must be an http(s) URL of the ticket service'],
    [{ XDL_SERVICE_BASE_URL: 'ftp://login.example.com' }, 'serviceBaseUrl (XDL_SERVICE_BASE_URL): must be an http(s) URL'],
    [{ XDL_SERVICE_BASE_URL: 'https://x.example.com/?a=1' }, 'without query or fragment'],
    [
      { XDL_REQUEST_TIMEOUT_MS: '10' },
      'requestTimeoutMs (XDL_REQUEST_TIMEOUT_MS): must be a whole number of milliseconds from 1000 to 60000, got 10',
    ],
    [
      { XDL_REQUEST_TIMEOUT_MS: '1e4' },
      'requestTimeoutMs (XDL_REQUEST_TIMEOUT_MS): must be a whole number of milliseconds from 1000 to 60000, got "1e4"',
    ],
    [{ XDL_SERVICE_BASE_URL: '' }, 'serviceBaseUrl (XDL_SERVICE_BASE_URL): must be an http(s) URL of the ticket service'],
  ])('refuses %j, naming the setting and the variable', (env, message) => {
    expect(() => resolveDeployment(env, missingFile)).toThrow(DeploymentConfigError);
    expect(() => resolveDeployment(env, missingFile)).toThrow(message);
  });

  describe('a production build (NODE_ENV=production)', () => {
    const production = (settings: Record<string, string>) => () => resolveDeployment({ NODE_ENV: 'production', ...settings }, missingFile);

    it.each([
      [{}, 'serviceBaseUrl (the development default): is still the development default (got http://127.0.0.1:8787)'],
      [{ XDL_SERVICE_BASE_URL: 'http://login.example.com' }, 'serviceBaseUrl (XDL_SERVICE_BASE_URL): must be https'],
      [{ XDL_SERVICE_BASE_URL: 'https://10.0.0.8' }, 'must name a domain, not an IP address'],
      [{ XDL_SERVICE_BASE_URL: 'https://[::1]:8787' }, 'must name a domain, not an IP address'],
      [{ XDL_SERVICE_BASE_URL: 'https://localhost:8787' }, 'must not be localhost'],
      [{ XDL_SERVICE_BASE_URL: 'https://localhost.:8787' }, 'must not be localhost'],
      [{ XDL_SERVICE_BASE_URL: 'https://dev.localhost' }, 'must not be localhost'],
      [{ XDL_SERVICE_BASE_URL: 'https://127.1' }, 'must name a domain, not an IP address'],
    ])('refuses %j and says how to set it', (settings, message) => {
      expect(production(settings)).toThrow(message);
      expect(production(settings)).toThrow(`set XDL_SERVICE_BASE_URL or "serviceBaseUrl" in ${missingFile}`);
    });

    it('takes an https domain', () => {
      expect(production({ XDL_SERVICE_BASE_URL: 'https://login.example.com/xdl' })().serviceBaseUrl).toBe('https://login.example.com/xdl');
    });

    it('checks the default even when another setting is given', () => {
      expect(production({ XDL_REQUEST_TIMEOUT_MS: '8000' })).toThrow(
        'serviceBaseUrl (the development default): is still the development default',
      );
    });

    it('checks the demo pool id when one is set, and builds without one', () => {
      const https = { XDL_SERVICE_BASE_URL: 'https://login.example.com' };
      expect(production({ ...https, XDL_DEMO_POOL_ID: 'demo' })).toThrow(
        'demoPoolId (XDL_DEMO_POOL_ID): must be a user pool id (24 lowercase hex characters',
      );
      expect(production({ ...https, XDL_DEMO_POOL_ID: '0123456789abcdef01234567' })().demoPoolId).toBe('0123456789abcdef01234567');
      expect(production(https)().demoPoolId).toBeUndefined();
    });

    it('checks the value from the file too, naming the file', () => {
      const file = fileWith('{"serviceBaseUrl":"http://login.example.com"}');
      expect(() => resolveDeployment({ NODE_ENV: 'production' }, file)).toThrow(`serviceBaseUrl (${file}): must be https`);
    });
  });

  describe('xiaodenglu.deploy.json', () => {
    it('names the file when it is not JSON', () => {
      const file = fileWith('{ serviceBaseUrl: ');
      expect(() => resolveDeployment({}, file)).toThrow(`${file}: not valid JSON`);
    });

    it('names an unknown setting instead of ignoring it', () => {
      const file = fileWith('{"serviceBaseURL":"https://a.example.com"}');
      expect(() => resolveDeployment({}, file)).toThrow(`serviceBaseURL (${file}): unknown setting`);
    });

    it('refuses a file that is not an object', () => {
      expect(() => resolveDeployment({}, fileWith('[]'))).toThrow('must hold a JSON object');
    });
  });

  it('take the demo pool id from XDL_DEMO_POOL_ID or the file', () => {
    const file = fileWith('{"demoPoolId":"0123456789abcdef01234567"}');
    expect(resolveDeployment({}, file).demoPoolId).toBe('0123456789abcdef01234567');
    expect(() => resolveDeployment({}, fileWith('{"demoPoolId":"ABC"}'))).toThrow('demoPoolId (');
  });

  it('are written as the CommonJS module the page requires, exactly as checked', () => {
    const settings = { serviceBaseUrl: 'https://login.example.com', requestTimeoutMs: 5000 };
    const module: { exports: Record<string, unknown> } = { exports: {} };
    vm.runInNewContext(deploymentModule(settings), { exports: module.exports, module });
    expect(module.exports.deployment).toEqual(settings);
  });
});
