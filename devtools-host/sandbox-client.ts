/**
 * What the WeChat client gets from WeChat's servers, asked of the local sandbox: login codes and
 * phone proofs for a simulated user. Without a sandbox the host mints inert placeholder codes.
 */
import { isPlainObject } from './guards.ts';

export interface PhoneProofDetail {
  code: string;
  encryptedData: string;
  iv: string;
}

export interface WechatIdentitySource {
  createUser(): Promise<string>;
  loginCode(userId: string): Promise<string>;
  phoneProof(userId: string): Promise<PhoneProofDetail>;
}

export class SandboxClient implements WechatIdentitySource {
  constructor(
    private readonly baseUrl: string,
    private readonly appid: string,
  ) {}

  async createUser(): Promise<string> {
    const body = await this.post('/__sandbox/users', {});
    return this.field(body, 'userId', 'POST /__sandbox/users');
  }

  async loginCode(userId: string): Promise<string> {
    const body = await this.post('/__sandbox/login-code', { appid: this.appid, userId });
    return this.field(body, 'code', 'POST /__sandbox/login-code');
  }

  async phoneProof(userId: string): Promise<PhoneProofDetail> {
    const body = await this.post('/__sandbox/phone-code', { appid: this.appid, userId });
    const where = 'POST /__sandbox/phone-code';
    return {
      code: this.field(body, 'code', where),
      encryptedData: this.field(body, 'encryptedData', where),
      iv: this.field(body, 'iv', where),
    };
  }

  private async post(path: string, payload: Record<string, unknown>): Promise<unknown> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${path} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as unknown;
  }

  private field(body: unknown, name: string, where: string): string {
    const value = isPlainObject(body) ? body[name] : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`sandbox ${where}: response has no "${name}"`);
    return String(value);
  }
}

/** For fixture runs without a sandbox: codes nobody accepts, shaped like WeChat's mock ones. */
export class PlaceholderIdentity implements WechatIdentitySource {
  private counter = 0;
  async createUser(): Promise<string> {
    return `placeholder-user-${++this.counter}`;
  }
  async loginCode(): Promise<string> {
    return `the code is a mock one ${++this.counter}`;
  }
  async phoneProof(): Promise<PhoneProofDetail> {
    const n = ++this.counter;
    return {
      code: `mock-phone-code-${n}`,
      encryptedData: Buffer.from(`mock-${n}`).toString('base64'),
      iv: Buffer.alloc(16).toString('base64'),
    };
  }
}
