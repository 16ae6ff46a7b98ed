import type { PlainObject } from '../guards.ts';
import type { AppService } from '../runtime/app-service.ts';
import type { HostControl } from '../control.ts';

/** What a protocol handler can reach; one per host, shared by all connections. */
export interface ProtocolTarget {
  service(): AppService;
  control: HostControl;
  /** `App.addBinding`: kept across resets of the app service. */
  exposeBinding(name: string): void;
}

/** Per-connection state (the console subscription). */
export interface ConnectionState {
  logEnabled: boolean;
}

export type Handler = (params: PlainObject, target: ProtocolTarget, connection: ConnectionState) => unknown;
