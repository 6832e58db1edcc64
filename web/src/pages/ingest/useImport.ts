import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, isAbort, uploadRaw } from '../../api';
import type { IngestBatch, OpenedBatch, UploadEncoding } from '../../types';

export type ImportPhase = 'idle' | 'uploading' | 'processing' | 'finished';

export interface ImportState {
  phase: ImportPhase;
  batch: IngestBatch | undefined;
  /** new | resumed | done (the same file was imported before: nothing changed). */
  opened: string | undefined;
  error: unknown;
}

const POLL_MS = 500;
/** Consecutive failed polls (network hiccups) tolerated before giving up. */
const POLL_RETRIES = 5;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    }, { once: true });
  });
}

const IDLE: ImportState = { phase: 'idle', batch: undefined, opened: undefined, error: undefined };

/**
 * Uploads a file as the raw body of POST /api/ingest/resources/:entryId/uploads, then follows the batch
 * (GET /api/ingest/batches/:id every 500 ms) until it succeeds or fails. Leaving the page stops the polling.
 */
export function useImport(entryId: string) {
  const [state, setState] = useState<ImportState>(IDLE);
  const ctrlRef = useRef<AbortController | null>(null);

  useEffect(() => () => ctrlRef.current?.abort(), []);

  const follow = useCallback(async (first: IngestBatch, signal: AbortSignal) => {
    let batch = first;
    let failures = 0;
    while (batch.status === 'running') {
      await sleep(POLL_MS, signal);
      try {
        batch = await api.get<IngestBatch>(`/api/ingest/batches/${batch.id}`, undefined, { signal });
        failures = 0;
      } catch (err) {
        const transient = err instanceof ApiError && (err.status === 0 || err.status >= 500);
        if (isAbort(err) || !transient || ++failures > POLL_RETRIES) throw err;
        continue;
      }
      const current = batch;
      setState((s) => ({ ...s, batch: current }));
    }
    return batch;
  }, []);

  const start = useCallback(
    async (file: File, encoding: UploadEncoding) => {
      ctrlRef.current?.abort();
      const ctrl = new AbortController();
      ctrlRef.current = ctrl;
      setState({ ...IDLE, phase: 'uploading' });
      try {
        const { status, data } = await uploadRaw<OpenedBatch>(`/api/ingest/resources/${encodeURIComponent(entryId)}/uploads`, file, {
          query: { fileName: file.name, encoding },
          signal: ctrl.signal,
        });
        const done = status === 200 || data.state === 'done';
        setState({ phase: done ? 'finished' : 'processing', batch: data.batch, opened: data.state, error: undefined });
        if (done) return;
        const last = await follow(data.batch, ctrl.signal);
        setState((s) => ({ ...s, phase: 'finished', batch: last }));
      } catch (err) {
        if (isAbort(err)) return;
        // Whatever was learnt about the batch stays on screen next to the error.
        setState((s) => ({ ...s, phase: s.batch ? 'finished' : 'idle', error: err }));
      }
    },
    [entryId, follow],
  );

  const reset = useCallback(() => {
    ctrlRef.current?.abort();
    setState(IDLE);
  }, []);

  return { ...state, start, reset };
}
