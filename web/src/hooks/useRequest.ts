import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from '../api';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `fn` on mount and whenever `deps` change; aborts stale requests.
 * `fn` may return undefined to skip (e.g. nothing selected yet).
 */
export function useRequest<T>(
  fn: (signal: AbortSignal) => Promise<T> | undefined,
  deps: readonly unknown[],
): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    const ctrl = new AbortController();
    const promise = fnRef.current(ctrl.signal);
    if (!promise) {
      setLoading(false);
      return () => ctrl.abort();
    }
    setLoading(true);
    setError(undefined);
    promise.then(
      (value) => {
        if (ctrl.signal.aborted) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted || isAbort(err)) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
