/**
 * Everything the running mini-program tells the outside: console lines, uncaught exceptions,
 * exposed-binding calls, what the app receives, network requests. The protocol server and the
 * programmatic control both listen here.
 */
import { EventEmitter } from 'node:events';
import { errorMessage } from '../guards.ts';

export type LogType = 'log' | 'info' | 'warn' | 'error' | 'debug';

export interface AppReturn {
  via: 'navigateBackApplication' | 'launchApp';
  /** Exactly the string the app's `WXLaunchMiniProgramResp.extMsg` would hold. */
  extMsg: string;
  at: number;
}

export interface RequestRecord {
  method: string;
  /** The URL the page asked for (before the host's origin routing). */
  url: string;
  /** Status, or the `request:fail …` text. */
  outcome: number | string;
  startedAt: number;
  endedAt: number;
}

export interface ReporterEvents {
  log: [{ type: LogType; args: unknown[] }];
  exception: [{ message: string; stack: string }];
  binding: [{ name: string; args: unknown[] }];
  appReturn: [AppReturn];
  request: [RequestRecord];
  route: [{ method: string; path: string; at: number }];
}

export class Reporter extends EventEmitter<ReporterEvents> {
  exception(error: unknown): void {
    const message = errorMessage(error);
    const stack = error instanceof Error && error.stack ? error.stack : message;
    this.emit('exception', { message, stack });
  }
}
