/**
 * A minimal Redis client speaking RESP2 over `node:net`: the repository has no Redis client
 * library, and the journal needs only a handful of commands (GET, MGET, SETNX, EVAL, and
 * AUTH/SELECT from the URL). Commands are pipelined; replies come back in order.
 */
import { connect, type Socket } from 'node:net';
import { StorageError } from '../../errors';

/** A decoded RESP2 reply. Bulk strings are Buffers; a null bulk or array is null. */
export type RespValue = string | number | Buffer | null | RespValue[];

/** An error reply (`-ERR ...`) from the server. */
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';
}

interface Parsed {
  readonly value: RespValue | RedisReplyError;
  readonly next: number;
}

const crlf = Buffer.from('\r\n');

// Decodes one reply starting at `offset`, or undefined when the buffer ends before it does.
function parseReply(buffer: Buffer, offset: number): Parsed | undefined {
  const lineEnd = buffer.indexOf(crlf, offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[offset] as number);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: afterLine };
    case '-':
      return { value: new RedisReplyError(line), next: afterLine };
    case ':':
      return { value: Number(line), next: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: afterLine };
      if (buffer.length < afterLine + length + 2) return undefined;
      return {
        value: Buffer.from(buffer.subarray(afterLine, afterLine + length)),
        next: afterLine + length + 2,
      };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: afterLine };
      const items: RespValue[] = [];
      let next = afterLine;
      for (let index = 0; index < count; index += 1) {
        const item = parseReply(buffer, next);
        if (item === undefined) return undefined;
        if (item.value instanceof RedisReplyError) throw item.value;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new StorageError({ message: `Unexpected Redis reply type ${JSON.stringify(type)}.` });
  }
}

function encodeCommand(args: readonly (string | number | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, crlf);
  }
  return Buffer.concat(parts);
}

/** A connection to one Redis server. */
export interface RespClient {
  /** Sends one command; resolves with its reply, rejects with a `RedisReplyError` or a `StorageError`. */
  command(...args: (string | number | Buffer)[]): Promise<RespValue>;
  /** Closes the connection; later commands reconnect. */
  close(): Promise<void>;
}

interface Pending {
  resolve(value: RespValue): void;
  reject(error: Error): void;
}

/**
 * A client for `url` (`redis://[user:password@]host[:port][/db]`), connecting on the first
 * command and again after a lost connection.
 */
export function createRespClient(url: string): RespClient {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') {
    throw new StorageError({
      message: `Only redis:// URLs are supported, got ${parsed.protocol}//.`,
    });
  }
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || 6379);
  const database = parsed.pathname.replace(/^\//, '');
  const password = decodeURIComponent(parsed.password);
  const username = decodeURIComponent(parsed.username);

  let socket: Socket | undefined;
  let ready: Promise<void> | undefined;
  let received: Buffer = Buffer.alloc(0);
  const pending: Pending[] = [];

  function failAll(error: Error): void {
    for (const waiter of pending.splice(0)) waiter.reject(error);
    socket?.destroy();
    socket = undefined;
    ready = undefined;
    received = Buffer.alloc(0);
  }

  function onData(chunk: Buffer): void {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    let offset = 0;
    for (;;) {
      let reply: Parsed | undefined;
      try {
        reply = parseReply(received, offset);
      } catch (error) {
        const waiter = pending.shift();
        waiter?.reject(error as Error);
        failAll(new StorageError({ message: 'Unreadable reply from Redis.', cause: error }));
        return;
      }
      if (reply === undefined) break;
      offset = reply.next;
      const waiter = pending.shift();
      if (reply.value instanceof RedisReplyError) waiter?.reject(reply.value);
      else waiter?.resolve(reply.value);
    }
    received = received.subarray(offset);
  }

  function send(args: readonly (string | number | Buffer)[]): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      pending.push({ resolve, reject });
      (socket as Socket).write(encodeCommand(args));
    });
  }

  function open(): Promise<void> {
    ready ??= new Promise<void>((resolve, reject) => {
      const fresh = connect({ host, port });
      socket = fresh;
      fresh.setNoDelay(true);
      fresh.on('data', onData);
      fresh.once('error', (error) => {
        const wrapped = new StorageError({
          message: `Redis at ${host}:${port} failed: ${error.message}`,
          cause: error,
          isRetryable: true,
        });
        reject(wrapped);
        failAll(wrapped);
      });
      fresh.once('close', () => {
        if (socket === fresh)
          failAll(new StorageError({ message: 'Redis closed the connection.', isRetryable: true }));
      });
      fresh.once('connect', () => {
        const setup: Promise<RespValue>[] = [];
        if (password !== '') {
          setup.push(send(username === '' ? ['AUTH', password] : ['AUTH', username, password]));
        }
        if (database !== '') setup.push(send(['SELECT', database]));
        Promise.all(setup).then(() => resolve(), reject);
      });
    });
    return ready;
  }

  return {
    async command(...args) {
      await open();
      return send(args);
    },
    async close() {
      const current = socket;
      if (current === undefined) return;
      socket = undefined;
      ready = undefined;
      await new Promise<void>((resolve) => {
        current.once('close', () => resolve());
        current.end();
      });
    },
  };
}
