import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { defineSettings, type EnvironmentSource, envParsers } from '../../config';
import { LineageTransportError } from '../errors';
import type { RunEvent } from '../types';
import type { LineageTransport } from './transport';

/** Settings of `createFileTransport`. */
export interface FileTransportSettings {
  /**
   * File the events are appended to, one JSON object per line (JSON Lines); its folder is
   * created when missing. Defaults to `openlineage.jsonl` in the working directory, or
   * `OPENLINEAGE__TRANSPORT__LOG_FILE_PATH`.
   */
  path?: string;
  /** Flush each line to disk (`fsync`) before `emit` resolves. Defaults to `false`. */
  fsync?: boolean;
}

const fileTransportSettings = defineSettings({
  owner: 'createFileTransport',
  schema: () =>
    z.object({
      path: z.string().min(1).default('openlineage.jsonl'),
      fsync: z.boolean().default(false),
    }),
  env: {
    path: 'OPENLINEAGE__TRANSPORT__LOG_FILE_PATH',
    fsync: { name: 'OPENLINEAGE__TRANSPORT__FSYNC', parse: envParsers.boolean },
  },
});

/**
 * A transport that appends each event as one line of JSON to a file. Writes from one
 * transport are serialised, so lines never interleave.
 *
 * @throws ConfigError when a setting is invalid.
 */
export function createFileTransport(
  settings: FileTransportSettings = {},
  options: { env?: EnvironmentSource } = {},
): LineageTransport & { readonly path: string } {
  const { path, fsync } = fileTransportSettings.resolve(settings, options);
  let queue: Promise<void> = Promise.resolve();

  const append = async (line: string): Promise<void> => {
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'a');
      try {
        await handle.appendFile(line, 'utf8');
        if (fsync) await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new LineageTransportError({
        message: `Could not append the lineage event to ${path}: ${(error as Error).message}. Check that the path is writable.`,
        transport: 'file',
        cause: error,
      });
    }
  };

  return {
    kind: 'file',
    path,
    emit(event: RunEvent, emitOptions = {}) {
      if (emitOptions.signal?.aborted === true) return Promise.reject(emitOptions.signal.reason);
      const line = `${JSON.stringify(event)}\n`;
      const written = queue.then(() => append(line));
      queue = written.catch(() => undefined);
      return written;
    },
  };
}
