/**
 * How WeChat draws the window around a page: the navigation bar's title and colours and the page's
 * background, from app.json `window`, the page's own .json, and — for `@name` values of a `darkmode`
 * mini-program — the light or dark entry of its theme.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { errorMessage, isPlainObject, type PlainObject } from '../guards.ts';
import type { Theme } from '../simulated-user/vocabulary.ts';

export interface WindowLook {
  title: string;
  barBackground: string;
  /** WeChat allows `black` or `white` only. */
  barText: 'black' | 'white';
  pageBackground: string;
  /** app.json `"style": "v2"`: the newer component styles. */
  v2: boolean;
  /** app.json `"darkmode": true`: components and `@` values follow the phone's theme. */
  darkmode: boolean;
}

function readJson(file: string): PlainObject {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isPlainObject(parsed) ? parsed : {};
  } catch (error) {
    throw new Error(`cannot read ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** @param route the page, e.g. `routes/explore` */
export function windowLook(root: string, route: string, theme: Theme): WindowLook {
  const app = readJson(path.join(root, 'app.json'));
  const window = isPlainObject(app.window) ? app.window : {};
  const page = readJson(path.join(root, `${route}.json`));
  const darkmode = app.darkmode === true;
  const themeFile = typeof app.themeLocation === 'string' ? readJson(path.join(root, app.themeLocation)) : {};
  const variables = isPlainObject(themeFile[darkmode ? theme : 'light']) ? (themeFile[darkmode ? theme : 'light'] as PlainObject) : {};
  const setting = (name: string, fallback: string): string => {
    const value = stringOr(page[name], stringOr(window[name], fallback));
    return value.startsWith('@') ? stringOr(variables[value.slice(1)], fallback) : value;
  };
  return {
    title: setting('navigationBarTitleText', ''),
    barBackground: setting('navigationBarBackgroundColor', '#000000'),
    barText: setting('navigationBarTextStyle', 'white') === 'black' ? 'black' : 'white',
    pageBackground: setting('backgroundColor', '#ffffff'),
    v2: app.style === 'v2',
    darkmode,
  };
}
