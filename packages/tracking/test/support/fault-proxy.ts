/**
 * A loopback HTTPS proxy in front of a real MLflow server that injects faults request by
 * request, and records what it saw, so tests can count how often MLflow really received
 * a request.
 *
 * ```ts
 * const proxy = await startFaultProxy(mlflow.uri);
 * proxy.enqueue({ kind: 'status', status: 503 }, { kind: 'reset-after' });
 * const transport = createTransport({ trackingUri: proxy.url, insecureTls: true }, { env: {} });
 * ...
 * expect(proxy.forwarded('/api/2.0/mlflow/runs/create')).toHaveLength(1);
 * await proxy.close();
 * ```
 *
 * Why HTTPS: a client can only prove that a request never reached the server when the
 * connection fails before the request is written. Over plain HTTP the client writes as soon
 * as TCP connects, which the kernel completes before the proxy can refuse anything; over
 * TLS nothing is written until the server's handshake answer, so the proxy can reset a new
 * connection while the request is provably still on the client. The certificate is
 * self-signed and made at start: clients connect with `insecureTls: true`.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import http, { type IncomingHttpHeaders, STATUS_CODES } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

/** A fault the proxy injects into one request. */
export type Fault =
  | {
      /** Answer with this status instead of forwarding; MLflow never sees the request. */
      kind: 'status';
      status: number;
      /** Sent as the `Retry-After` header (seconds). */
      retryAfterSeconds?: number;
      /** MLflow JSON (default), plain text, or a proxy's HTML error page. */
      body?: 'json' | 'text' | 'html';
    }
  | {
      /**
       * Reset the connection before the request reaches MLflow. On a new connection the
       * reset happens during the TLS handshake, so the client provably never sent the
       * request; on a reused keep-alive connection the request head has arrived, and the
       * socket is destroyed without forwarding (the client cannot tell this from `reset-after`).
       */
      kind: 'reset-before';
    }
  | {
      /** Forward, let MLflow process the request, then close the client's connection without answering. */
      kind: 'reset-after';
    }
  | {
      /** Wait `ms` before forwarding (even if the client gives up meanwhile). */
      kind: 'delay';
      ms: number;
    };

/** One request as the proxy received it. */
export interface RecordedRequest {
  /** Method, upper case. */
  method: string;
  /** Path and query as sent, e.g. `/api/2.0/mlflow/experiments/get?experiment_id=0`. */
  url: string;
  /** Path without the query. */
  path: string;
  /** Request headers, names in lower case. */
  headers: IncomingHttpHeaders;
  /** The request body as received. */
  body: Buffer;
  /** Number of the TCP connection it came on (1 for the first connection accepted). */
  connection: number;
  /** `performance.now()` when the whole request had arrived, in ms. */
  receivedAtMs: number;
  /** The fault injected, if any. */
  fault: Fault | undefined;
  /** True once MLflow has answered it (so MLflow received and processed it). */
  forwarded: boolean;
}

/** Decides the fault for a request that no queued fault claimed. */
export type FaultRule = (request: RecordedRequest) => Fault | undefined;

/** A running fault proxy. */
export interface FaultProxy {
  /** Base URL to give the client, e.g. `https://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request received, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /** How many requests were forwarded to MLflow and answered by it. */
  readonly forwardedCount: number;
  /** TCP connections accepted (a keep-alive client reuses few). */
  readonly connectionCount: number;
  /** New connections reset during the TLS handshake by a `reset-before` fault. */
  readonly handshakeResets: number;
  /** Queues faults for the next requests, one each, before the rule is asked. */
  enqueue(...faults: Fault[]): void;
  /** Sets (or with no argument clears) the rule asked when no queued fault is left. */
  setRule(rule?: FaultRule): void;
  /** The requests MLflow received for `path` (query ignored). */
  forwarded(path: string): RecordedRequest[];
  /** Stops listening, drops every connection and pending delay; resolves when all is shut. */
  close(): Promise<void>;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** The proxy closes itself after this long, in ms, should a test forget to. Default 10 minutes. */
  maxLifetimeMs?: number;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
const hopByHopHeaders = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/**
 * Starts a fault proxy on 127.0.0.1 (a free port) in front of `targetUri`, an MLflow
 * server on this machine (`http://127.0.0.1:<port>`).
 */
export async function startFaultProxy(
  targetUri: string,
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const target = new URL(targetUri);
  if (target.protocol !== 'http:' || !loopbackHosts.has(target.hostname)) {
    throw new Error(`fault proxy: target must be http:// on loopback, got ${target.origin}`);
  }
  const queue: Fault[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const upstream = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let rule: FaultRule | undefined;
  let connectionCount = 0;
  let handshakeResets = 0;
  let forwardedCount = 0;
  let closing: Promise<void> | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const forward = async (record: RecordedRequest): Promise<UpstreamAnswer> => {
    const answer = await sendUpstream(target, upstream, record);
    record.forwarded = true;
    forwardedCount += 1;
    return answer;
  };

  const handle = async (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    connection: number,
  ): Promise<void> => {
    const body = await readBody(request);
    const url = request.url ?? '/';
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      url,
      path: url.split('?')[0] ?? url,
      headers: request.headers,
      body,
      connection,
      receivedAtMs: performance.now(),
      fault: undefined,
      forwarded: false,
    };
    requests.push(record);
    const fault = queue.shift() ?? rule?.(record);
    record.fault = fault;
    if (fault?.kind === 'status') {
      answerWithFault(response, fault);
      return;
    }
    if (fault?.kind === 'reset-before') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (closing !== undefined) return;
    const answer = await forward(record);
    if (fault?.kind === 'reset-after') {
      request.socket.destroy();
      return;
    }
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  };

  // The HTTP server never listens: the front server hands it each connection once it has
  // decided not to reset it, wrapped in TLS.
  const secureContext = tls.createSecureContext(selfSignedCertificate());
  const connectionIds = new WeakMap<object, number>();
  const httpServer = http.createServer({ keepAliveTimeout: 5_000 }, (request, response) => {
    const connection = connectionIds.get(request.socket) ?? 0;
    handle(request, response, connection).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`fault proxy: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  });

  const front = net.createServer((socket) => {
    connectionCount += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (queue[0]?.kind === 'reset-before') {
      queue.shift();
      handshakeResets += 1;
      socket.resetAndDestroy();
      return;
    }
    const secureSocket = new tls.TLSSocket(socket, { isServer: true, secureContext });
    // A client that gives up mid-handshake or mid-request is expected here, not a failure.
    secureSocket.on('error', () => {});
    connectionIds.set(secureSocket, connectionCount);
    httpServer.emit('connection', secureSocket);
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(0, '127.0.0.1', () => resolve());
  });
  front.unref();
  const port = (front.address() as net.AddressInfo).port;

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      front.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      upstream.destroy();
    });
    return closing;
  };
  setTimeout(close, options.maxLifetimeMs ?? 600_000).unref();

  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    get forwardedCount() {
      return forwardedCount;
    },
    get connectionCount() {
      return connectionCount;
    },
    get handshakeResets() {
      return handshakeResets;
    },
    enqueue: (...faults) => {
      queue.push(...faults);
    },
    setRule: (next) => {
      rule = next;
    },
    forwarded: (path) => requests.filter((request) => request.forwarded && request.path === path),
    close,
  };
}

interface UpstreamAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function sendUpstream(
  target: URL,
  agent: http.Agent,
  record: RecordedRequest,
): Promise<UpstreamAnswer> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (value !== undefined && !hopByHopHeaders.has(name)) headers[name] = value;
  }
  // MLflow (3.5+) rejects Host headers it does not know; it knows its own address.
  headers.host = target.host;
  headers['content-length'] = String(record.body.length);
  return new Promise((resolve, reject) => {
    const upstreamRequest = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: record.method,
        path: record.url,
        headers,
        agent,
      },
      (answer) => {
        readBody(answer).then((body) => {
          const answerHeaders: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined && !hopByHopHeaders.has(name)) answerHeaders[name] = value;
          }
          answerHeaders['content-length'] = String(body.length);
          resolve({ status: answer.statusCode ?? 502, headers: answerHeaders, body });
        }, reject);
      },
    );
    upstreamRequest.on('error', reject);
    upstreamRequest.end(record.body);
  });
}

function readBody(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const faultErrorCodes: Readonly<Record<number, string>> = {
  429: 'REQUEST_LIMIT_EXCEEDED',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function answerWithFault(
  response: http.ServerResponse,
  fault: Extract<Fault, { kind: 'status' }>,
): void {
  const reason = STATUS_CODES[fault.status] ?? 'Error';
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(fault.retryAfterSeconds);
  }
  let body: string;
  switch (fault.body ?? 'json') {
    case 'json':
      headers['content-type'] = 'application/json';
      body = JSON.stringify({
        error_code: faultErrorCodes[fault.status] ?? 'INTERNAL_ERROR',
        message: `Injected by the fault proxy: ${fault.status} ${reason}`,
      });
      break;
    case 'text':
      headers['content-type'] = 'text/plain; charset=utf-8';
      body = `${fault.status} ${reason}`;
      break;
    case 'html':
      // The shape of nginx's default error page, as a reverse proxy in front of MLflow sends it.
      headers['content-type'] = 'text/html';
      body =
        `<html>\r\n<head><title>${fault.status} ${reason}</title></head>\r\n<body>\r\n` +
        `<center><h1>${fault.status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
      break;
  }
  response.writeHead(fault.status, headers);
  response.end(body);
}

let certificate: { key: string; cert: string } | undefined;

/**
 * A self-signed X.509 certificate for an EC P-256 key, built from DER by hand because
 * Node can parse certificates but not make them, and a committed key would look like a
 * leaked secret. Made once per process, on first use.
 */
function selfSignedCertificate(): { key: string; cert: string } {
  if (certificate !== undefined) return certificate;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = der(0x30, objectIdentifier('1.2.840.10045.4.3.2'));
  const name = der(
    0x30,
    der(
      0x31,
      der(
        0x30,
        objectIdentifier('2.5.4.3'),
        der(0x0c, Buffer.from('dagnostics fault proxy', 'utf8')),
      ),
    ),
  );
  const serial = randomBytes(8);
  // A DER INTEGER is positive only with the top bit clear, and minimal only without a
  // leading zero byte: 0x40-0x7f first keeps both (a first byte of 0x00 followed by a byte
  // below 0x80 is "illegal padding", about one certificate in 128 before this).
  serial[0] = 0x40 | ((serial[0] ?? 0) & 0x3f);
  const now = Date.now();
  const toBeSigned = der(
    0x30,
    der(0x02, serial),
    ecdsaWithSha256,
    name,
    der(0x30, utcTime(new Date(now - 60_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', toBeSigned, privateKey);
  const certificateDer = der(
    0x30,
    toBeSigned,
    ecdsaWithSha256,
    der(0x03, Buffer.from([0]), signature),
  );
  const base64Lines = certificateDer.toString('base64').match(/.{1,64}/g) ?? [];
  certificate = {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${base64Lines.join('\n')}\n-----END CERTIFICATE-----\n`,
  };
  return certificate;
}

function der(tag: number, ...parts: Buffer[]): Buffer {
  const content = Buffer.concat(parts);
  let length: Buffer;
  if (content.length < 0x80) {
    length = Buffer.from([content.length]);
  } else {
    const bytes: number[] = [];
    for (let rest = content.length; rest > 0; rest = Math.floor(rest / 256)) {
      bytes.unshift(rest % 256);
    }
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

function objectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const value of rest) {
    const chunk = [value % 128];
    for (let high = Math.floor(value / 128); high > 0; high = Math.floor(high / 128)) {
      chunk.unshift((high % 128) | 0x80);
    }
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return der(0x17, Buffer.from(`${digits}Z`, 'ascii'));
}
