/**
 * Toasts, loading, modals and the navigation bar: nothing is drawn, everything is recorded so a test
 * (or `Page`-level assertions through `evaluate`) can see what the user was shown.
 */
import type { PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import { defineAsync } from './async-api.ts';

export interface UiEvent {
  api: 'showToast' | 'hideToast' | 'showLoading' | 'hideLoading' | 'showModal' | 'setNavigationBarTitle' | 'showActionSheet';
  title?: string;
  content?: string;
  at: number;
}

export interface UiState {
  events: UiEvent[];
  navigationBarTitle: string;
  loading: boolean;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function uiApis(state: UiState, scheduler: Scheduler, modalAnswer: () => 'confirm' | 'cancel'): PlainObject {
  const record = (api: UiEvent['api'], fields: Omit<UiEvent, 'api' | 'at'> = {}): void => {
    state.events.push({ api, ...fields, at: Date.now() });
  };
  return {
    showToast: defineAsync('showToast', scheduler, ({ title }) => {
      record('showToast', { title: text(title) });
      return {};
    }),
    hideToast: defineAsync('hideToast', scheduler, () => {
      record('hideToast');
      return {};
    }),
    showLoading: defineAsync('showLoading', scheduler, ({ title }) => {
      state.loading = true;
      record('showLoading', { title: text(title) });
      return {};
    }),
    hideLoading: defineAsync('hideLoading', scheduler, () => {
      state.loading = false;
      record('hideLoading');
      return {};
    }),
    showModal: defineAsync('showModal', scheduler, ({ title, content }) => {
      record('showModal', { title: text(title), content: text(content) });
      const confirm = modalAnswer() === 'confirm';
      return { confirm, cancel: !confirm };
    }),
    showActionSheet: defineAsync('showActionSheet', scheduler, () => {
      record('showActionSheet');
      return { tapIndex: 0 };
    }),
    setNavigationBarTitle: defineAsync('setNavigationBarTitle', scheduler, ({ title }) => {
      state.navigationBarTitle = text(title) ?? '';
      record('setNavigationBarTitle', { title: text(title) });
      return {};
    }),
    setNavigationBarColor: defineAsync('setNavigationBarColor', scheduler, () => ({})),
    showNavigationBarLoading: () => undefined,
    hideNavigationBarLoading: () => undefined,
    vibrateShort: defineAsync('vibrateShort', scheduler, () => ({})),
  };
}
