import { createReadStream } from 'node:fs';
import { InvalidArgumentError } from '../../errors';

/**
 * Where text rows come from: the text itself, its UTF-8 bytes, or `{ path }` of a file
 * (read as a stream).
 */
export type TextSource = string | Uint8Array | { readonly path: string };

/** One line of a text source. */
export interface SourceLine {
  /** The line without its line end; bytes that are not UTF-8 read as U+FFFD. */
  text: string;
  /** Whether the line's bytes are valid UTF-8 (always for a string source). */
  isValidUtf8: boolean;
  /** 1-based line number. */
  line: number;
  /** The line end: empty only for a last line with none (a file cut short, or just no final newline). */
  ending: '\n' | '\r\n' | '';
}

/** The `path` of a `{ path }` source, or throws for a shape that is none of the accepted ones. */
export function sourcePath(source: TextSource): string | undefined {
  if (typeof source === 'string' || source instanceof Uint8Array) return undefined;
  if (typeof source === 'object' && source !== null && typeof source.path === 'string') {
    return source.path;
  }
  throw new InvalidArgumentError({
    argument: 'source',
    message: 'source must be a string, a Uint8Array or { path: string }.',
  });
}

/**
 * The lines of `source`, LF or CRLF ended, a leading byte order mark dropped; a file is
 * read as a stream, holding one chunk (64 KiB) and the current line in memory.
 */
export async function* sourceLines(source: TextSource): AsyncGenerator<SourceLine> {
  const path = sourcePath(source);
  if (typeof source === 'string') {
    yield* textLines(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lossyDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let line = 0;
  const decode = (bytes: Uint8Array, terminated: boolean): SourceLine => {
    line++;
    let end = bytes.length;
    const isCrlf = terminated && end > 0 && bytes[end - 1] === 0x0d;
    if (isCrlf) end--;
    let start = 0;
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    const ending = isCrlf ? '\r\n' : terminated ? '\n' : '';
    const content = bytes.subarray(start, end);
    try {
      return { text: decoder.decode(content), isValidUtf8: true, line, ending };
    } catch {
      return { text: lossyDecoder.decode(content), isValidUtf8: false, line, ending };
    }
  };
  const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
    path === undefined ? [source as Uint8Array] : createReadStream(path);
  let pending: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
      yield decode(bytes.subarray(start, end), true);
      start = end + 1;
    }
    pending = bytes.subarray(start);
  }
  if (pending.length > 0) yield decode(pending, false);
}

function* textLines(text: string): Generator<SourceLine> {
  let line = 0;
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    line++;
    const content = text.slice(start, end);
    yield content.endsWith('\r')
      ? { text: content.slice(0, -1), isValidUtf8: true, line, ending: '\r\n' }
      : { text: content, isValidUtf8: true, line, ending: '\n' };
    start = end + 1;
  }
  if (start < text.length) {
    yield { text: text.slice(start), isValidUtf8: true, line: line + 1, ending: '' };
  }
}
