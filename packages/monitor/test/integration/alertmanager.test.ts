import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findFreePorts } from '../../../../scripts/test-env/ports';
import { describeWithService } from '../../../../scripts/test-env/services';
import { type Alert, createAlertManager, webhookSink } from '../../src/alerts';

interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

async function waitFor<T>(
  what: string,
  read: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describeWithService('alertmanager', 'alerts handed to a real Prometheus Alertmanager', (am) => {
  let folder: string;
  let child: ChildProcess | undefined;
  let log = '';
  let baseUrl: string;
  let receiver: Server;
  const forwarded: Record<string, unknown>[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dagnostics-alertmanager-'));
    // Alertmanager forwards what it receives to this webhook receiver, in its own format.
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on('end', () => {
        forwarded.push(JSON.parse(text) as Record<string, unknown>);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverPort = (receiver.address() as AddressInfo).port;
    const config = join(folder, 'alertmanager.yml');
    await writeFile(
      config,
      [
        'route:',
        '  receiver: capture',
        '  group_by: [alertname]',
        '  group_wait: 0s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: capture',
        '    webhook_configs:',
        `      - url: http://127.0.0.1:${receiverPort}/alerts`,
        '        send_resolved: true',
        '',
      ].join('\n'),
    );
    for (let attempt = 1; ; attempt++) {
      const [port] = await findFreePorts(1);
      baseUrl = `http://127.0.0.1:${port}`;
      log = '';
      const started = spawn(
        am.binary,
        [
          `--config.file=${config}`,
          `--storage.path=${join(folder, `data-${attempt}`)}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--cluster.listen-address=',
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      started.stdout?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      started.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      const ready = await waitFor('alertmanager ready', async () =>
        started.exitCode !== null ? false : (await fetch(`${baseUrl}/-/ready`)).ok || undefined,
      ).catch(() => false);
      if (ready === true) return;
      started.kill('SIGKILL');
      if (attempt >= 3 || !log.includes('address already in use')) {
        throw new Error(`alertmanager did not become ready:\n${log}`);
      }
    }
  }, 60_000);

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await new Promise((resolve) => receiver?.close(resolve));
    await rm(folder, { recursive: true, force: true });
  });

  it('accepts firing and resolved alerts, and its own webhook body matches ours', async () => {
    let share = 0.75;
    const ours: Alert[][] = [];
    const manager = createAlertManager({
      rules: [
        {
          name: 'DatasetDrift',
          value: () => share,
          above: 0.5,
          resolveAt: 0.3,
          severity: 'warning',
          labels: { model: 'log-classifier' },
          annotations: { summary: 'share of drifted columns is {{value}}' },
        },
      ],
      sinks: [
        webhookSink({ url: `${baseUrl}/api/v2/alerts`, format: 'alertmanager-api-v2' }),
        (alerts) => void ours.push([...alerts]),
      ],
      generatorUrl: 'http://monitor.local/drift',
      onError: (error) => {
        throw error;
      },
    });

    await manager.evaluate();
    const active = await waitFor('the alert in Alertmanager', async () => {
      const response = await fetch(
        `${baseUrl}/api/v2/alerts?filter=alertname%3D%22DatasetDrift%22`,
      );
      const alerts = (await response.json()) as AlertmanagerAlert[];
      return alerts.length > 0 ? alerts : undefined;
    });
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({
      labels: { alertname: 'DatasetDrift', model: 'log-classifier', severity: 'warning' },
      annotations: { summary: 'share of drifted columns is 0.75' },
      status: { state: 'active' },
    });
    expect(Date.parse(active[0]?.startsAt ?? '')).toBe(Date.parse(ours[0]?.[0]?.startsAt ?? ''));

    const firingBody = await waitFor('the forwarded firing notification', async () =>
      forwarded.find((body) => body.status === 'firing'),
    );
    // Our `alertmanager-webhook` format has exactly the keys Alertmanager itself sends.
    let ourBody: Record<string, unknown> | undefined;
    await webhookSink({
      url: 'http://capture.invalid/',
      fetch: async (_url, init) => {
        ourBody = JSON.parse(String(init?.body)) as Record<string, unknown>;
        return new Response(null, { status: 200 });
      },
    })(ours[0] ?? []);
    expect(Object.keys(ourBody ?? {}).sort()).toEqual(Object.keys(firingBody).sort());
    const theirAlert = (firingBody.alerts as Record<string, unknown>[])[0] ?? {};
    const ourAlert = ((ourBody?.alerts as Record<string, unknown>[]) ?? [])[0] ?? {};
    expect(Object.keys(ourAlert).sort()).toEqual(Object.keys(theirAlert).sort());
    expect(ourAlert.labels).toEqual(theirAlert.labels);
    expect(ourBody?.commonLabels).toEqual(firingBody.commonLabels);

    share = 0.2;
    await manager.evaluate();
    expect(ours.at(-1)?.[0]?.status).toBe('resolved');
    const resolved = await waitFor('the forwarded resolved notification', async () =>
      forwarded.find((body) => body.status === 'resolved'),
    );
    expect((resolved.alerts as { status: string }[])[0]?.status).toBe('resolved');
    const remaining = (await (
      await fetch(`${baseUrl}/api/v2/alerts?active=true&filter=alertname%3D%22DatasetDrift%22`)
    ).json()) as AlertmanagerAlert[];
    expect(remaining).toEqual([]);
  }, 60_000);
});
