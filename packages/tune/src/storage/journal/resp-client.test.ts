import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../errors';
import { createRespClient, RedisReplyError } from './resp-client';

/** A fake Redis that answers each command with the next canned reply, one byte per write. */
async function fakeRedis(
  replies: string[],
): Promise<{ url: string; server: Server; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket: Socket) => {
    socket.on('data', async (chunk) => {
      received.push(chunk.toString('utf8'));
      const commands = chunk.toString('utf8').split(/\*\d+\r\n/).length - 1;
      for (let index = 0; index < commands; index += 1) {
        for (const byte of replies.shift() ?? '') {
          socket.write(byte);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `redis://127.0.0.1:${address.port}`, server, received };
}

describe('RESP client', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  });

  it('decodes every reply type even when replies arrive byte by byte', async () => {
    const fake = await fakeRedis([
      '+OK\r\n',
      ':-1\r\n',
      '$5\r\nh\r\nlo\r\n',
      '$-1\r\n',
      '*3\r\n$1\r\na\r\n$-1\r\n*1\r\n:7\r\n',
      '-ERR wrong type\r\n',
    ]);
    server = fake.server;
    const client = createRespClient(fake.url);

    expect(await client.command('SET', 'k', 'v')).toBe('OK');
    expect(await client.command('SETNX', 'n', -1)).toBe(-1);
    expect(String(await client.command('GET', 'k'))).toBe('h\r\nlo');
    expect(await client.command('GET', 'missing')).toBeNull();
    const array = (await client.command('MGET', 'a', 'b', 'c')) as unknown[];
    expect([String(array[0]), array[1], array[2]]).toEqual(['a', null, [7]]);
    await expect(client.command('INCR', 'k')).rejects.toBeInstanceOf(RedisReplyError);
    await client.close();
    expect(fake.received.join('')).toContain('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
  });

  it('sends AUTH and SELECT from the URL before the first command', async () => {
    const fake = await fakeRedis(['+OK\r\n', '+OK\r\n', '+PONG\r\n']);
    server = fake.server;
    const client = createRespClient(fake.url.replace('//', '//user:p%40ss@').concat('/3'));

    expect(await client.command('PING')).toBe('PONG');
    await client.close();
    const sent = fake.received.join('');
    expect(sent).toContain('$4\r\nAUTH\r\n$4\r\nuser\r\n$4\r\np@ss\r\n');
    expect(sent).toContain('$6\r\nSELECT\r\n$1\r\n3\r\n');
  });

  it('rejects with a retryable StorageError when nothing listens', async () => {
    const fake = await fakeRedis([]);
    const { url } = fake;
    await new Promise((resolve) => fake.server.close(resolve));
    const client = createRespClient(url);

    const error = await client.command('PING').catch((caught: unknown) => caught);
    expect(StorageError.isInstance(error)).toBe(true);
    expect((error as StorageError).isRetryable).toBe(true);
  });
});
