import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DistributedLaunchError, TrainingInputError } from '../errors';
import { distributedFromEnv, launchDistributed } from './launch';

describe('distributedFromEnv', () => {
  it('is undefined outside a launched run', () => {
    expect(distributedFromEnv({})).toBeUndefined();
  });

  it('reads what launchDistributed sets', () => {
    expect(
      distributedFromEnv({
        DAGNOSTICS_RANK: '1',
        DAGNOSTICS_WORLD_SIZE: '4',
        DAGNOSTICS_STORE: 'file:/tmp/run/store',
        DAGNOSTICS_DIST_BACKEND: 'gloo',
        DAGNOSTICS_DIST_TIMEOUT_MS: '9000',
      }),
    ).toEqual({
      rank: 1,
      worldSize: 4,
      store: { kind: 'file', path: '/tmp/run/store' },
      backend: 'gloo',
      timeoutMs: 9000,
    });
    expect(
      distributedFromEnv({
        DAGNOSTICS_RANK: '0',
        DAGNOSTICS_WORLD_SIZE: '2',
        DAGNOSTICS_STORE: 'tcp://[::1]:29500',
      }),
    ).toEqual({ rank: 0, worldSize: 2, store: { kind: 'tcp', host: '::1', port: 29500 } });
  });

  it("reads torchrun's RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT", () => {
    expect(
      distributedFromEnv({
        RANK: '3',
        WORLD_SIZE: '8',
        MASTER_ADDR: 'node-a',
        MASTER_PORT: '29400',
      }),
    ).toEqual({ rank: 3, worldSize: 8, store: { kind: 'tcp', host: 'node-a', port: 29400 } });
  });

  it.each([
    [{ DAGNOSTICS_RANK: 'x', DAGNOSTICS_WORLD_SIZE: '2', DAGNOSTICS_STORE: 'file:/s' }],
    [{ DAGNOSTICS_RANK: '0', DAGNOSTICS_WORLD_SIZE: '2' }],
    [{ DAGNOSTICS_RANK: '0', DAGNOSTICS_WORLD_SIZE: '2', DAGNOSTICS_STORE: 'redis://h:1' }],
  ])('throws TrainingInputError on %o', (environment) => {
    expect(() => distributedFromEnv(environment)).toThrow(TrainingInputError);
  });
});

describe('launchDistributed', () => {
  const folder = mkdtempSync(join(tmpdir(), 'launch-test-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const script = (name: string, source: string): string => {
    const path = join(folder, name);
    writeFileSync(path, source);
    return path;
  };

  it('starts every rank with its rank, the world size and one fresh file store', async () => {
    const out = join(folder, 'ranks');
    const worker = script(
      'report.mjs',
      `import { appendFileSync } from 'node:fs';
       const e = process.env;
       appendFileSync(${JSON.stringify(out)}, JSON.stringify([e.DAGNOSTICS_RANK, e.DAGNOSTICS_WORLD_SIZE, e.DAGNOSTICS_STORE, e.EXTRA]) + '\\n');`,
    );
    const result = await launchDistributed({
      worldSize: 3,
      args: [worker],
      env: { EXTRA: 'yes' },
      output: 'ignore',
    });
    expect(result.ranks.map((rank) => rank.code)).toEqual([0, 0, 0]);
    const { readFileSync, existsSync } = await import('node:fs');
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(lines.map((line) => [line[0], line[1], line[3]])).toEqual([
      ['0', '3', 'yes'],
      ['1', '3', 'yes'],
      ['2', '3', 'yes'],
    ]);
    const stores = new Set(lines.map((line) => line[2]));
    expect(stores.size).toBe(1);
    const store = [...stores][0] as string;
    expect(store).toMatch(/^file:.*dagnostics-dist-.*\/store$/);
    // The temporary folder is removed afterwards.
    expect(existsSync(store.slice('file:'.length).replace(/\/store$/, ''))).toBe(false);
  });

  it('stops the other ranks when one fails and says which failed first', async () => {
    const worker = script(
      'fail.mjs',
      `if (process.env.DAGNOSTICS_RANK === '1') { console.error('rank 1 broke'); process.exit(7); }
       setTimeout(() => {}, 60000);`,
    );
    const started = performance.now();
    const failure = await launchDistributed({
      worldSize: 3,
      args: [worker],
      output: 'ignore',
    }).catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(failure).toBeInstanceOf(DistributedLaunchError);
    const { ranks, message } = failure as DistributedLaunchError;
    expect(ranks[1]).toMatchObject({ code: 7, signal: null });
    expect(ranks[1]?.stderrTail).toContain('rank 1 broke');
    expect(ranks[0]?.signal).toBe('SIGTERM');
    expect(ranks[2]?.signal).toBe('SIGTERM');
    expect(message).toMatch(/^Rank 1 of 3 failed \(exit code 7\)/);
    expect(message).toContain('rank 1 broke');
  });

  it('stops every rank on abort and rejects with the reason', async () => {
    const worker = script('wait.mjs', 'setTimeout(() => {}, 60000);');
    const controller = new AbortController();
    const launched = launchDistributed({
      worldSize: 2,
      args: [worker],
      output: 'ignore',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('stop now')), 200);
    await expect(launched).rejects.toThrow('stop now');
  });

  it('rejects a world of no process', async () => {
    await expect(launchDistributed({ worldSize: 0, args: [] })).rejects.toThrow(TrainingInputError);
  });
});
