import { createReadStream } from 'node:fs';
import { parseJsonLine } from './parse-json-line';

/** Options of `iterateJsonLines`. */
export interface IterateJsonLinesOptions {
  /** Stops the iteration: the next step rejects with the signal's reason and the file is closed. */
  signal?: AbortSignal;
}

/**
 * The objects of a JSON Lines file, one per non-blank line, read as a stream: memory holds
 * one chunk of the file (64 KiB) and the line being parsed, whatever the file's size.
 * Leaving the loop early closes the file.
 *
 * @throws DataFormatError (`format: 'jsonl'`, `line`: 1-based line number) at the first
 * line that is not a JSON object; the objects before it have been yielded.
 * @throws the Node.js file-system error when the file cannot be read.
 *
 * @example
 * ```ts
 * for await (const failure of iterateJsonLines('task-failures.jsonl', { signal })) {
 *   if (failure.category === 'timeout_error') count++;
 * }
 * ```
 */
export async function* iterateJsonLines(
  path: string,
  options: IterateJsonLinesOptions = {},
): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const { signal } = options;
  signal?.throwIfAborted();
  const stream = createReadStream(path, { encoding: 'utf8', signal });
  let pending = '';
  let lineNumber = 0;
  let isFirstChunk = true;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      pending += isFirstChunk ? dropByteOrderMark(chunk) : chunk;
      isFirstChunk = false;
      let start = 0;
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
        lineNumber++;
        const text = pending.slice(start, end);
        start = end + 1;
        signal?.throwIfAborted();
        if (text.trim() !== '') yield parseJsonLine(text, lineNumber);
      }
      pending = pending.slice(start);
    }
    lineNumber++;
    if (pending.trim() !== '') yield parseJsonLine(pending, lineNumber);
  } finally {
    stream.destroy();
  }
}

function dropByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
