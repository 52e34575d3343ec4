import { createServer, type Server } from 'node:net';

const loopbackHost = '127.0.0.1';

function listenOnEphemeralPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: loopbackHost, port: 0, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Asks the OS for `count` distinct free TCP ports on 127.0.0.1.
 *
 * The ports are held open together and released together, so they differ from each other; another
 * process can still take one before the caller binds it, so callers retry on "address in use".
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      servers.push(await listenOnEphemeralPort());
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        throw new Error('a TCP server on 127.0.0.1 reported no port');
      }
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** One free TCP port on 127.0.0.1; see {@link findFreePorts}. */
export async function findFreePort(): Promise<number> {
  const [port] = await findFreePorts(1);
  if (port === undefined) throw new Error('no free port found');
  return port;
}
