// ESLint: TypeScript's recommended rules everywhere; WeChat's globals in the mini-program only, and
// there `wx` in the one adapter only (miniprogram/platform/wx-port.ts); Node's globals elsewhere,
// where WeChat's are errors.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What WeChat defines in a mini-program's scope, read-only. */
const WECHAT_GLOBALS = {
  wx: 'readonly',
  App: 'readonly',
  Page: 'readonly',
  Component: 'readonly',
  Behavior: 'readonly',
  getApp: 'readonly',
  getCurrentPages: 'readonly',
  requirePlugin: 'readonly',
};
const wechatGlobalsRefused = Object.keys(WECHAT_GLOBALS).map((name) => ({
  name,
  message: 'a WeChat global: only mini-program code may use it',
}));

export default tseslint.config(
  { ignores: ['dist/', 'dist-console/', 'node_modules/', 'test/fixtures/', 'ios-sample/', 'android-sample/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['miniprogram/**/*.ts', 'typings/**/*.ts'],
    languageOptions: { globals: { ...globals.es2017, ...WECHAT_GLOBALS } },
  },
  {
    files: ['miniprogram/**/*.ts'],
    ignores: ['miniprogram/platform/wx-port.ts'],
    rules: { 'no-restricted-globals': ['error', { name: 'wx', message: 'only miniprogram/platform/wx-port.ts touches wx' }] },
  },
  {
    files: ['console/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['server/**', 'devtools-host/**', 'dev/**', 'scripts/**', 'sdk/**', 'examples/**', 'test/**', 'bin/**', '*.js', '*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-globals': ['error', ...wechatGlobalsRefused] },
  },
);
