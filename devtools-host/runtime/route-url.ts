/** Page URLs as `wx.navigateTo` & co. take them: `/routes/explore?userPoolId=…`, or relative to the current page. */
import path from 'node:path';

export interface ParsedUrl {
  /** Root-relative, no leading slash, no query (`routes/explore`). */
  path: string;
  /** Values exactly as written in the URL: WeChat on a device does not decode them. */
  query: Record<string, string>;
}

export function splitRawQuery(search: string, decode: boolean): Record<string, string> {
  const query: Record<string, string> = {};
  for (const part of search.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    query[key] = decode ? safeDecode(value) : value;
  }
  return query;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function parsePageUrl(url: unknown, currentRoute: string | null, decode: boolean): ParsedUrl {
  if (typeof url !== 'string' || url.trim() === '') throw new Error('parameter error: parameter.url should be String');
  const mark = url.indexOf('?');
  const rawPath = mark < 0 ? url : url.slice(0, mark);
  const search = mark < 0 ? '' : url.slice(mark + 1);
  const joined = rawPath.startsWith('/') ? rawPath.slice(1) : path.posix.join(path.posix.dirname(currentRoute ?? ''), rawPath);
  return { path: path.posix.normalize(joined).replace(/^\.\//, '').replace(/\/$/, ''), query: splitRawQuery(search, decode) };
}
