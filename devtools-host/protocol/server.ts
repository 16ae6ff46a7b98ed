/**
 * The DevTools automation endpoint: JSON over WebSocket, `{id, method, params}` in,
 * `{id, result}` or `{id, error: {message}}` out, events without `id` — as miniprogram-automator 0.12.1 speaks it.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { errorMessage, isPlainObject } from '../guards.ts';
import type { Reporter } from '../runtime/reporter.ts';
import type { ConnectionState, Handler, ProtocolTarget } from './handler.ts';
import { toolDomain } from './tool-domain.ts';
import { appDomain } from './app-domain.ts';
import { pageDomain } from './page-domain.ts';
import { elementDomain } from './element-domain.ts';
import { hostDomain } from './host-domain.ts';
import { toWire } from './params.ts';

const HANDLERS: Record<string, Handler> = { ...toolDomain, ...appDomain, ...pageDomain, ...elementDomain, ...hostDomain };

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 is already in use; stop what holds it or choose another port`);
    this.name = 'PortInUseError';
  }
}

export interface ProtocolServer {
  port: number;
  close(): Promise<void>;
}

function unimplemented(method: string): string {
  return method.startsWith('Page.') || method.startsWith('Element.') ? `${method} unimplemented` : `appservice ${method} unimplemented`;
}

export async function startProtocolServer(port: number, target: ProtocolTarget, reporter: Reporter): Promise<ProtocolServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error));
  });
  const connections = new Map<WebSocket, ConnectionState>();
  const broadcast = (method: string, params: unknown, onlyLogging = false): void => {
    const frame = JSON.stringify({ method, params: toWire(params) });
    for (const [socket, state] of connections) if (!onlyLogging || state.logEnabled) socket.send(frame);
  };
  const onLog = (params: unknown): void => broadcast('App.logAdded', params, true);
  const onException = (params: unknown): void => broadcast('App.exceptionThrown', params);
  const onBinding = (params: unknown): void => broadcast('App.bindingCalled', params);
  reporter.on('log', onLog);
  reporter.on('exception', onException);
  reporter.on('binding', onBinding);

  server.on('connection', (socket) => {
    const state: ConnectionState = { logEnabled: false };
    connections.set(socket, state);
    socket.on('close', () => connections.delete(socket));
    socket.on('message', (data) => void answer(socket, state, String(data)));
  });

  const answer = async (socket: WebSocket, state: ConnectionState, text: string): Promise<void> => {
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      return; // not a request; DevTools ignores such frames too
    }
    if (!isPlainObject(request) || typeof request.id !== 'string' || typeof request.method !== 'string') return;
    const { id, method } = request;
    const params = isPlainObject(request.params) ? request.params : {};
    let reply: Record<string, unknown>;
    try {
      const handler = HANDLERS[method];
      if (!handler) throw new Error(unimplemented(method));
      reply = { id, result: toWire((await handler(params, target, state)) ?? {}) ?? {} };
    } catch (error) {
      reply = { id, error: { message: errorMessage(error) } };
    }
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
  };

  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        reporter.off('log', onLog);
        reporter.off('exception', onException);
        reporter.off('binding', onBinding);
        for (const socket of connections.keys()) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
