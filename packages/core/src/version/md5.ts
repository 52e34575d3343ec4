import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The md5 of a file's bytes and its size, as DVC 3 records them. */
export interface FileHash {
  /** Lower-case hex md5 of the bytes as they are (DVC 3's `md5`, not legacy `md5-dos2unix`). */
  md5: string;
  /** Size in bytes. */
  size: number;
}

/** Options of {@link hashFile}. */
export interface HashFileOptions {
  /** Stops reading and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Streams a file through md5 exactly as DVC 3 hashes it (`hash: md5`): the raw bytes, with
 * no line-ending conversion. Memory use does not grow with the file.
 */
export async function hashFile(path: string, options: HashFileOptions = {}): Promise<FileHash> {
  const hash = createHash('md5');
  let size = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { md5: hash.digest('hex'), size };
}

/** md5 of bytes already in memory, lower-case hex. */
export function md5OfBytes(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}
