import { describe, expect, it } from 'vitest';
import { classifyPhoneDetail } from '../../miniprogram/core/phone-detail';

describe('classifyPhoneDetail', () => {
  it('a new client gives the code and the legacy payload', () => {
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:ok', code: 'c', encryptedData: 'e', iv: 'i' })).toEqual({
      kind: 'proof',
      proof: { kind: 'code', code: 'c', encryptedData: 'e', iv: 'i' },
    });
  });

  it('an old client gives only encryptedData and iv', () => {
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:ok', encryptedData: 'e', iv: 'i' })).toEqual({
      kind: 'proof',
      proof: { kind: 'encrypted', encryptedData: 'e', iv: 'i' },
    });
  });

  it('ok without any proof is a retryable failure', () => {
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:ok' })).toMatchObject({ kind: 'failed', failure: { retry: 'again' } });
  });

  it.each([
    'getPhoneNumber:fail user deny',
    'getPhoneNumber:fail:user deny',
    'getPhoneNumber:user deny',
    'getPhoneNumber:fail:cancel to confirm login',
    'getPhoneNumber:fail:cancel to bind phone',
    'getPhoneNumber:fail:user cancel',
  ])('%s is the user saying no', (errMsg) => {
    expect(classifyPhoneDetail({ errMsg }).kind).toBe('denied');
  });

  it('privacy not authorized (errno 104) is a privacy refusal', () => {
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 }).kind).toBe(
      'privacy-denied',
    );
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:fail privacy permission is not authorized' }).kind).toBe('privacy-denied');
  });

  it('an undeclared privacy scope (errno 112) is a configuration error, not retryable', () => {
    expect(
      classifyPhoneDetail({ errMsg: 'getPhoneNumber:fail api scope is not declared in the privacy agreement', errno: 112 }),
    ).toMatchObject({
      kind: 'failed',
      failure: { retry: null, extMsg: { code: 500 } },
    });
  });

  it('exhausted phone quota (errno 1400001) is 503 without retry', () => {
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:fail', errno: 1400001 })).toMatchObject({
      kind: 'failed',
      failure: { retry: null, extMsg: { code: 503 } },
    });
  });

  it.each(['getPhoneNumber:fail no permission', 'getPhoneNumber:fail 该 appid 没有权限'])('%s: no capability', (errMsg) => {
    expect(classifyPhoneDetail({ errMsg })).toMatchObject({ kind: 'failed', failure: { retry: null } });
  });

  it('SMS verification pending asks the user to finish it and retry', () => {
    const outcome = classifyPhoneDetail({ errMsg: 'getPhoneNumber:fail 用户绑定的手机需要进行验证，请在客户端完成短信验证步骤' });
    expect(outcome.kind).toBe('denied');
  });
});
