/**
 * `wx.request` over real HTTP. WeChat semantics: any HTTP status is a success; only a network error
 * or timeout fails (`request:fail …`); the Referer is fixed to the mini-program's page-frame URL.
 *
 * Emulated network: `origins` maps an origin the build talks to (e.g. the baked-in
 * `http://127.0.0.1:8787`) to where that service really listens in this run, so one build runs
 * against services on random test ports.
 */
import http from 'node:http';
import https from 'node:https';
import { isPlainObject, type PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import type { Reporter } from '../runtime/reporter.ts';
import { defineAsync, WxFail } from './async-api.ts';

export interface NetworkOptions {
  /** `{'http://127.0.0.1:8787': 'http://127.0.0.1:53211'}`; keys and values are origins (scheme://host:port). */
  origins: Record<string, string>;
  /** app.json `networkTimeout.request`, else WeChat's 60 s default. */
  defaultTimeoutMs: number;
}

export interface RequestIdentity {
  appid: string;
  /** `devtools` in DevTools, `0` for develop/trial builds on a device. */
  version: string;
}

export function routeUrl(url: string, origins: Record<string, string>): URL {
  const parsed = new URL(url);
  const target = origins[parsed.origin];
  if (target === undefined) return parsed;
  const routed = new URL(target);
  routed.pathname = routed.pathname.replace(/\/$/, '') + parsed.pathname;
  routed.search = parsed.search;
  return routed;
}

function encodeQuery(data: PlainObject): string {
  return Object.entries(data)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`)
    .join('&');
}

interface Prepared {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function prepare(options: PlainObject, network: NetworkOptions, identity: RequestIdentity): Prepared {
  if (typeof options.url !== 'string' || options.url === '') throw new WxFail('parameter error: parameter.url should be String');
  let url: URL;
  try {
    url = routeUrl(options.url, network.origins);
  } catch {
    throw new WxFail(`invalid url "${options.url}"`);
  }
  const method = typeof options.method === 'string' ? options.method.toUpperCase() : 'GET';
  const headers: Record<string, string> = {};
  if (isPlainObject(options.header)) {
    for (const [name, value] of Object.entries(options.header)) headers[name.toLowerCase()] = String(value);
  }
  headers.referer = `https://servicewechat.com/${identity.appid}/${identity.version}/page-frame.html`;
  let body: string | undefined;
  const data = options.data;
  if (method === 'GET') {
    if (isPlainObject(data)) url.search += (url.search ? '&' : '') + encodeQuery(data);
  } else if (data !== undefined && data !== null) {
    const contentType = headers['content-type'] ?? 'application/json';
    headers['content-type'] = contentType;
    if (typeof data === 'string') body = data;
    else body = contentType.includes('x-www-form-urlencoded') && isPlainObject(data) ? encodeQuery(data) : JSON.stringify(data);
  }
  return { url, method, headers, body };
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  text: string;
}

function send(prepared: Prepared, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const transport = prepared.url.protocol === 'https:' ? https : http;
    const request = transport.request(prepared.url, { method: prepared.method, headers: prepared.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new WxFail(error.message)));
      response.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ statusCode: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.setTimeout(timeoutMs, () => {
      request.destroy();
      reject(new WxFail('timeout'));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof WxFail) return reject(error);
      reject(new WxFail(error.code === 'ECONNREFUSED' ? 'net::ERR_CONNECTION_REFUSED' : `net::${error.code ?? error.message}`));
    });
    if (prepared.body !== undefined) request.write(prepared.body);
    request.end();
  });
}

function parseBody(text: string, dataType: unknown): unknown {
  if (dataType !== undefined && dataType !== 'json') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function requestApi(network: NetworkOptions, identity: RequestIdentity, scheduler: Scheduler, reporter: Reporter): PlainObject {
  return {
    request: defineAsync('request', scheduler, async (options) => {
      const prepared = prepare(options, network, identity);
      const timeoutMs = typeof options.timeout === 'number' && options.timeout > 0 ? options.timeout : network.defaultTimeoutMs;
      const startedAt = Date.now();
      const recordAs = (outcome: number | string): void => {
        reporter.emit('request', {
          method: prepared.method,
          url: String(options.url).split('?')[0] ?? '',
          outcome,
          startedAt,
          endedAt: Date.now(),
        });
      };
      try {
        const response = await send(prepared, timeoutMs);
        recordAs(response.statusCode);
        return { data: parseBody(response.text, options.dataType), statusCode: response.statusCode, header: response.headers, cookies: [] };
      } catch (error) {
        recordAs(error instanceof Error ? `request:fail ${error.message}` : 'request:fail');
        throw error;
      }
    }),
  };
}
