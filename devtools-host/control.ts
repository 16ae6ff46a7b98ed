/** The programmatic handle a test (or `npm start`) holds on a host: the simulated user and what the app received. */
import type { TimedAppReturn, TimedRequestRecord } from './runtime/reporter.ts';
import type { SimulatedUser, SimulatedUserPatch } from './simulated-user/host-user.ts';
import type { UiState } from './wx/ui.ts';
import type { Screenshot, ScreenshotOptions } from './render/camera.ts';

export interface HostControl {
  user(): SimulatedUser;
  /**
   * Changes the simulated user and returns the result. Takes effect from the next thing they do,
   * except `privacy.agreed` (consent before this launch): read at launch, so from the next `reset()`.
   */
  setUser(patch: SimulatedUserPatch): SimulatedUser;
  /** Everything the app received since the last reset, oldest first. */
  appReturns(): TimedAppReturn[];
  /** The next extMsg the app receives that no earlier call took. */
  nextAppReturn(): Promise<TimedAppReturn>;
  /** `wx.request` calls since the last reset (URLs without query; no bodies). */
  requests(): TimedRequestRecord[];
  ui(): UiState;
  /** Resolves when no timer, callback or request of the mini-program is pending. */
  whenIdle(): Promise<void>;
  /**
   * The page on screen rendered in headless Chromium (what `App.captureScreenshot` returns as base64),
   * with the boxes and texts of `probes` from the same render. Rejects, naming what to install, without Chromium.
   */
  screenshot(options?: ScreenshotOptions): Promise<Screenshot>;
  /** A fresh launch of the mini-program on a fresh device: storage, privacy consent, pages and records cleared. */
  reset(): void;
}
