import { connect } from 'node:net';

/** Default Redis the tests use (the one TOOLCHAIN.md describes). */
export const defaultRedisUrl = 'redis://127.0.0.1:6379';

/**
 * Sends an inline `PING` to the Redis at `url` over a plain TCP socket and resolves when it
 * answers `+PONG`; rejects with the reason otherwise (refused, timeout, auth required).
 */
export function pingRedis(url: string, timeoutMs = 2_000): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    let received = '';
    const finish = (error?: Error) => {
      socket.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', (error) => finish(error));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (!received.includes('\r\n')) return;
      const reply = received.slice(0, received.indexOf('\r\n'));
      if (reply === '+PONG') finish();
      else finish(new Error(`unexpected reply to PING: ${reply}`));
    });
  });
}
