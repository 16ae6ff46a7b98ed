/**
 * Everything the running mini-program tells the outside: console lines, uncaught exceptions,
 * exposed-binding calls, what the app receives, network requests. The protocol server and the
 * programmatic control both listen here.
 */
import { EventEmitter } from 'node:events';
import { errorMessage } from '../guards.ts';
import type { AppReturn, RequestRecord } from '../simulated-user/vocabulary.ts';

export type LogType = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** What the app received, and when (ms since the epoch): `npm run bench:e2e` times the tap to it. */
export interface TimedAppReturn extends AppReturn {
  at: number;
}

/** A request and when it started and ended; its URL is the one the page asked for, before origin routing. */
export interface TimedRequestRecord extends RequestRecord {
  startedAt: number;
  endedAt: number;
}

export interface ReporterEvents {
  log: [{ type: LogType; args: unknown[] }];
  exception: [{ message: string; stack: string }];
  binding: [{ name: string; args: unknown[] }];
  appReturn: [TimedAppReturn];
  request: [TimedRequestRecord];
  route: [{ method: string; path: string; at: number }];
}

export class Reporter extends EventEmitter<ReporterEvents> {
  exception(error: unknown): void {
    const message = errorMessage(error);
    const stack = error instanceof Error && error.stack ? error.stack : message;
    this.emit('exception', { message, stack });
  }
}
