import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { type Alert, createAlertManager } from './alert-manager';
import { AlertDeliveryError, webhookSink } from './webhook-sink';

function harness(values: (number | undefined)[], rule: Record<string, unknown>) {
  let clock = Date.parse('2026-11-27T10:00:00Z');
  let index = 0;
  const received: Alert[][] = [];
  const manager = createAlertManager({
    rules: [
      {
        name: 'DatasetDrift',
        value: () => values[index],
        severity: 'warning',
        labels: { model: 'log-classifier' },
        annotations: { summary: 'drift share is {{value}}' },
        ...rule,
      },
    ],
    sinks: [(alerts) => void received.push([...alerts])],
    now: () => clock,
  });
  /** Evaluates at value `values[i]`, 10 s after the previous evaluation. */
  const tick = async () => {
    const sent = await manager.evaluate();
    index += 1;
    clock += 10_000;
    return sent.map((alert) => alert.status);
  };
  return { manager, received, tick };
}

describe('createAlertManager', () => {
  it('fires once the condition held for `forMs`, not before, and resolves once', async () => {
    const { manager, tick, received } = harness([0.6, 0.7, 0.8, 0.9, 0.2], {
      above: 0.5,
      forMs: 20_000,
    });
    expect(await tick()).toEqual([]); // t=0: pending
    expect(manager.states()[0]?.phase).toBe('pending');
    expect(await tick()).toEqual([]); // t=10 s: still pending
    expect(await tick()).toEqual(['firing']); // t=20 s: held for 20 s
    expect(await tick()).toEqual([]); // still firing: no repeat
    expect(await tick()).toEqual(['resolved']);
    const firing = received[0]?.[0];
    const resolved = received[1]?.[0];
    expect(firing).toMatchObject({
      status: 'firing',
      labels: { alertname: 'DatasetDrift', severity: 'warning', model: 'log-classifier' },
      annotations: { summary: 'drift share is 0.8' },
      startsAt: '2026-11-27T10:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
    });
    expect(resolved).toMatchObject({ status: 'resolved', endsAt: '2026-11-27T10:00:40.000Z' });
    expect(resolved?.fingerprint).toBe(firing?.fingerprint);
  });

  it('goes back to inactive when the condition breaks while pending', async () => {
    const { tick, received } = harness([0.6, 0.4, 0.6, 0.6], { above: 0.5, forMs: 10_000 });
    expect([await tick(), await tick(), await tick(), await tick()]).toEqual([
      [],
      [],
      [],
      ['firing'],
    ]);
    expect(received[0]?.[0]?.startsAt).toBe('2026-11-27T10:00:20.000Z');
  });

  it('does not flap around the threshold with hysteresis', async () => {
    const { tick } = harness([0.55, 0.45, 0.52, 0.31, 0.29, 0.51], { above: 0.5, resolveAt: 0.3 });
    const statuses = [];
    for (let step = 0; step < 6; step++) statuses.push(await tick());
    expect(statuses).toEqual([['firing'], [], [], [], ['resolved'], ['firing']]);
  });

  it('fires `below` rules and keeps a firing alert through missing data', async () => {
    const { tick, manager } = harness([0.8, undefined, 0.95], { below: 0.9 });
    expect(await tick()).toEqual(['firing']);
    expect(await tick()).toEqual([]);
    expect(manager.states()[0]?.phase).toBe('firing');
    expect(await tick()).toEqual(['resolved']);
  });

  it('re-sends alerts a failing sink missed, with the next evaluation', async () => {
    let fail = true;
    const batches: string[][] = [];
    const errors: unknown[] = [];
    let value = 1;
    const manager = createAlertManager({
      rules: [{ name: 'Latency', value: () => value, above: 0.5 }],
      sinks: [
        (alerts) => {
          if (fail) throw new Error('receiver down');
          batches.push(alerts.map((alert) => alert.status));
        },
      ],
      onError: (error) => errors.push(error),
    });
    await manager.evaluate();
    expect(errors).toHaveLength(1);
    fail = false;
    value = 0;
    await manager.evaluate();
    expect(batches).toEqual([['firing', 'resolved']]);
  });

  it('rejects bad rules with the rule and field named', () => {
    const attempt = (rule: Record<string, unknown>) => {
      try {
        createAlertManager({ rules: [{ name: 'R', value: () => 1, ...rule }], sinks: [] });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const both = attempt({ above: 1, below: 0 });
    expect(InvalidArgumentError.isInstance(both)).toBe(true);
    expect(both).toMatchObject({ argument: 'above' });
    expect(attempt({ above: 0.5, resolveAt: 0.7 })).toMatchObject({ argument: 'resolveAt' });
    expect(attempt({ above: 0.5, labels: { 'bad-name': 'x' } })).toMatchObject({
      argument: 'labels',
    });
    expect(() => createAlertManager({ rules: [], sinks: [], intervalMs: 10 })).toThrow(
      /intervalMs/,
    );
  });

  it('evaluates on its own schedule within a second of a change', async () => {
    let value = 0;
    const fired: number[] = [];
    const manager = createAlertManager({
      rules: [{ name: 'Drift', value: () => value, above: 0.5 }],
      sinks: [() => void fired.push(Date.now())],
      intervalMs: 200,
    });
    manager.start();
    const changed = Date.now();
    value = 1;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await manager.stop();
    expect(fired).toHaveLength(1);
    expect((fired[0] ?? Number.POSITIVE_INFINITY) - changed).toBeLessThan(1_000);
  });
});

describe('webhookSink', () => {
  async function withServer(
    status: number,
    body: (
      received: { path: string; json: unknown; headers: Record<string, unknown> }[],
    ) => Promise<void>,
  ) {
    const received: { path: string; json: unknown; headers: Record<string, unknown> }[] = [];
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on('end', () => {
        received.push({
          path: request.url ?? '',
          json: JSON.parse(text),
          headers: request.headers,
        });
        response.writeHead(status).end(status === 200 ? '' : 'bad alert');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      (globalThis as { __port?: number }).__port = port;
      await body(received);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  const alert: Alert = {
    status: 'firing',
    labels: { alertname: 'DatasetDrift', model: 'm' },
    annotations: { summary: 's' },
    startsAt: '2026-11-27T10:00:00.000Z',
    endsAt: '0001-01-01T00:00:00Z',
    value: 0.7,
    fingerprint: '0123456789abcdef',
    generatorURL: 'http://service/status',
  };

  it("posts Alertmanager's webhook body", async () => {
    await withServer(200, async (received) => {
      const port = (globalThis as { __port?: number }).__port;
      await webhookSink({
        url: `http://127.0.0.1:${port}/hook`,
        headers: { authorization: 'Bearer s3cret' },
      })([alert]);
      expect(received[0]?.path).toBe('/hook');
      expect(received[0]?.headers.authorization).toBe('Bearer s3cret');
      expect(received[0]?.json).toMatchObject({
        version: '4',
        status: 'firing',
        receiver: 'dagnostics',
        commonLabels: { alertname: 'DatasetDrift', model: 'm' },
        alerts: [{ status: 'firing', fingerprint: '0123456789abcdef', labels: alert.labels }],
      });
    });
  });

  it('rejects with AlertDeliveryError naming the status, never the credentials', async () => {
    await withServer(400, async (received) => {
      const port = (globalThis as { __port?: number }).__port;
      const sink = webhookSink({
        url: `http://user:pw@127.0.0.1:${port}/hook`,
        format: 'alertmanager-api-v2',
      });
      const error = await Promise.resolve(sink([alert])).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(AlertDeliveryError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 400, isRetryable: true });
      expect((error as Error).message).toContain('answered 400: bad alert');
      expect((error as Error).message).not.toContain('pw');
      expect(received[0]?.headers.authorization).toBe(
        `Basic ${Buffer.from('user:pw').toString('base64')}`,
      );
    });
  });
});
