import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, asStoreError } from '../../server/store/unavailable.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('which store errors mean "unavailable, try again"', () => {
  it.each([
    [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'ECONNREFUSED'],
    [withCode('read ECONNRESET', 'ECONNRESET'), 'ECONNRESET'],
    [withCode('terminating connection due to administrator command', '57P01'), '57P01'],
    [withCode('the database system is starting up', '57P03'), '57P03'],
    [withCode('connection failure', '08006'), '08006'],
    [withCode('sorry, too many clients already', '53300'), '53300'],
    [withCode('could not extend file: No space left on device', '53100'), '53100'],
    [withCode('canceling statement due to statement timeout', '57014'), '57014'],
    [withCode('ENOSPC: no space left on device, write', 'ENOSPC'), 'ENOSPC'],
    [new Error('Connection terminated unexpectedly'), 'connection'],
    [new Error('timeout exceeded when trying to connect'), 'connection'],
    [new Error('Query read timeout'), 'connection'],
  ])('%s → unavailable (%s)', (error, kind) => {
    const classified = asStoreError(error);
    expect(classified).toBeInstanceOf(StoreUnavailableError);
    expect((classified as StoreUnavailableError).kind).toBe(kind);
    expect((classified as StoreUnavailableError).cause).toBe(error);
  });

  it.each([
    withCode('duplicate key value violates unique constraint', '23505'),
    withCode('syntax error at or near "SELEC"', '42601'),
    new Error('ticket refers to a missing account'),
    'not an error',
  ])('%s stays what it is: a bug is not an outage', (error) => {
    expect(asStoreError(error)).toBe(error);
  });
});
