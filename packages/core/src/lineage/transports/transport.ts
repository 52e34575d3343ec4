import type { RunEvent } from '../types';

/** Options of one `emit` call. */
export interface EmitOptions {
  /** Cancels the delivery; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Where lineage events go. Implement it to send events elsewhere (a queue, a log
 * pipeline); the emitter validates every event before it calls `emit`.
 */
export interface LineageTransport {
  /** Short name used in error messages, e.g. `http`, `file`, `console`. */
  readonly kind: string;
  /** Delivers one event; resolves once it is written or accepted. */
  emit(event: RunEvent, options?: EmitOptions): Promise<void>;
}
