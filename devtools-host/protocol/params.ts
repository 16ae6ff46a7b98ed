/** Reading request params with clear errors naming what was wrong. */
import { isPlainObject, type PlainObject } from '../guards.ts';

export class ProtocolError extends Error {}

export function stringParam(params: PlainObject, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new ProtocolError(`${name} must be a string, got ${value === undefined ? 'nothing' : typeof value}`);
  return value;
}

/** An integer id; the automator sends page ids as numbers and element ids as digit strings. */
export function numberParam(params: PlainObject, name: string): number {
  const value = params[name];
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number))
    throw new ProtocolError(`${name} must be a number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return number;
}

export function arrayParam(params: PlainObject, name: string): unknown[] {
  const value = params[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ProtocolError(`${name} must be an array`);
  return value;
}

export function stringArrayParam(params: PlainObject, name: string): string[] {
  const values = arrayParam(params, name);
  if (!values.every((v): v is string => typeof v === 'string')) throw new ProtocolError(`${name} must be an array of strings`);
  return values;
}

export function objectParam(params: PlainObject, name: string): PlainObject {
  const value = params[name];
  if (!isPlainObject(value)) throw new ProtocolError(`${name} must be an object`);
  return value;
}

/** JSON-safe copy of a value produced by mini-program code (functions and undefined vanish, as on the wire). */
export function toWire(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value) ?? 'null');
}
