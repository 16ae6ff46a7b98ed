/**
 * Defaults shared by the configuration and `startService`. A leaf module: the CLI reads its
 * configuration without loading the service (Fastify, jose, qrcode).
 */
export const WECHAT_API_URL = 'https://api.weixin.qq.com';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;
export const DEFAULT_WECHAT_TIMEOUT_MS = 5000;
export const DEFAULT_LOG_LEVEL = 'info';
