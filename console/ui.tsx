/** Small pieces the screens share: the translator in context, loading, errors, dates. */
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Key } from './i18n.ts';

export type T = (key: Key, values?: Record<string, string | number>) => string;

export const I18n = createContext<T>((key) => key);
export const useT = (): T => useContext(I18n);

/** Runs `load` when `deps` change; `reload` runs it again. */
export function useLoad<V>(
  load: () => Promise<V>,
  deps: unknown[] = [],
): { value: V | null; error: string | null; reload: () => void; set: (value: V) => void } {
  const [value, setValue] = useState<V | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (loaded) => current && (setValue(loaded), setError(null)),
      (caught: Error) => current && setError(caught.message),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { value, error, reload: () => setRound(round + 1), set: setValue };
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '—');
