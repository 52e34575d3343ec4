import type { RunEvent } from '../types';
import type { LineageTransport } from './transport';

/** Settings of `createConsoleTransport`. */
export interface ConsoleTransportSettings {
  /** Receives each event as one line of JSON, without the newline. Defaults to writing the line to stdout. */
  write?: (line: string) => void;
  /** Indent the JSON by two spaces (several lines per event). Defaults to `false`. */
  pretty?: boolean;
}

/** A transport that prints each event as JSON, for local runs and debugging. */
export function createConsoleTransport(settings: ConsoleTransportSettings = {}): LineageTransport {
  const write = settings.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    kind: 'console',
    async emit(event: RunEvent, options = {}) {
      options.signal?.throwIfAborted();
      write(settings.pretty === true ? JSON.stringify(event, null, 2) : JSON.stringify(event));
    },
  };
}
