// Our readings against the real peers: psutil 7 (what MLflow's monitor calls) and MLflow's own
// monitor classes, run by test/support/psutil-peer.py with the repository's .venv Python.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRng } from '@dagnostics/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateSamples, type MetricValues } from './aggregate-samples';
import { cpuUtilizationPercent, parseProcStat } from './cpu-times';
import { readDiskUsage } from './disk-usage';
import { parseNvidiaSmiOutput } from './gpu-usage';
import { createSystemMetricsSampler, systemMetricNames } from './index';
import { readMemoryUsage } from './memory-usage';
import {
  createNetworkCounterTracker,
  type NetworkCounters,
  readInterfaceCounters,
} from './network-counters';
import { roundLikePython } from './python-round';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const python = join(repositoryRoot, '.venv', 'bin', 'python');
const peerScript = fileURLToPath(new URL('../../test/support/psutil-peer.py', import.meta.url));
const hasPython = existsSync(python);
const isContinuousIntegration = process.env.CI === 'true';
const isLinux = process.platform === 'linux';

const title = hasPython
  ? 'system metrics against psutil 7 and MLflow monitors'
  : `SKIPPED (no ${python}; run scripts/test-env/ensure-venv.sh): system metrics against psutil 7 and MLflow monitors`;

/** One long-lived peer process; requests go one at a time, one JSON line each way. */
class PythonPeer {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
  ) {}

  static async start(): Promise<PythonPeer> {
    const child = spawn(python, [peerScript], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done === true) throw new Error(`the psutil peer exited early:\n${stderr}`);
    return new PythonPeer(child, lines);
  }

  async request<T>(op: string, body: Record<string, unknown> = {}): Promise<T> {
    this.child.stdin.write(`${JSON.stringify({ op, ...body })}\n`);
    const next = await this.lines.next();
    if (next.done === true) throw new Error('the psutil peer exited');
    const answer = JSON.parse(next.value) as { result?: T; error?: string };
    if (answer.error !== undefined) throw new Error(`psutil peer, ${op}: ${answer.error}`);
    return answer.result as T;
  }

  stop(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

function sumInterfaces(procfsPath: string): NetworkCounters {
  let receivedBytes = 0;
  let sentBytes = 0;
  for (const counters of readInterfaceCounters(procfsPath).values()) {
    receivedBytes += counters.receivedBytes;
    sentBytes += counters.sentBytes;
  }
  return { receivedBytes, sentBytes };
}

describe.skipIf(!hasPython && !isContinuousIntegration)(title, () => {
  let peer: PythonPeer;
  let fakeProcfs: string;

  beforeAll(async () => {
    if (!hasPython) {
      throw new Error(`CI=true requires the Python venv at ${python} (psutil 7.2.2, mlflow)`);
    }
    peer = await PythonPeer.start();
    fakeProcfs = mkdtempSync(join(tmpdir(), 'dagnostics-procfs-'));
    mkdirSync(join(fakeProcfs, 'net'));
  });

  afterAll(() => {
    peer?.stop();
    if (fakeProcfs !== undefined) rmSync(fakeProcfs, { recursive: true, force: true });
  });

  it('uses the metric names MLflow monitors collect, in their order', async () => {
    expect([...systemMetricNames]).toEqual(await peer.request<string[]>('mlflow_metric_names'));
  });

  // Live readings: ours just before and just after psutil's, so psutil's reading lies
  // between two of ours up to what the machine changed in those few milliseconds.
  describe.runIf(isLinux)('live readings of this machine', () => {
    interface PsutilMemory {
      total: number;
      available: number;
      used: number;
      percent: number;
    }
    interface PsutilDisk {
      total: number;
      used: number;
      free: number;
      percent: number;
    }

    it('memory: total exactly, used and percent as psutil.virtual_memory()', async () => {
      const before = readMemoryUsage('/proc');
      const psutilMemory = await peer.request<PsutilMemory>('virtual_memory');
      const after = readMemoryUsage('/proc');
      expect(before.totalBytes).toBe(psutilMemory.total);
      // Other processes (parallel test workers, the peer itself) allocate and free memory
      // between the reads; 1 % of RAM bounds that churn over a few milliseconds.
      const toleranceBytes = psutilMemory.total * 0.01;
      expect(psutilMemory.used).toBeGreaterThanOrEqual(
        Math.min(before.usedBytes, after.usedBytes) - toleranceBytes,
      );
      expect(psutilMemory.used).toBeLessThanOrEqual(
        Math.max(before.usedBytes, after.usedBytes) + toleranceBytes,
      );
      expect(psutilMemory.used).toBe(psutilMemory.total - psutilMemory.available);
      // psutil's percent is rounded to 0.1; the same churn bound, in percent, covers the rest.
      const percents = [before, after].map(
        (memory) => (memory.usedBytes / memory.totalBytes) * 100,
      );
      expect(psutilMemory.percent).toBeGreaterThanOrEqual(Math.min(...percents) - 1.05);
      expect(psutilMemory.percent).toBeLessThanOrEqual(Math.max(...percents) + 1.05);
    });

    it('disk: usage of / as psutil.disk_usage("/")', async () => {
      const before = readDiskUsage('/');
      const psutilDisk = await peer.request<PsutilDisk>('disk_usage', { path: '/' });
      const after = readDiskUsage('/');
      expect(before.totalBytes).toBe(psutilDisk.total);
      // Test workers write temporary files meanwhile; 0.1 % of the disk covers them.
      const toleranceBytes = psutilDisk.total * 0.001;
      for (const key of ['used', 'free'] as const) {
        const ours = [before[`${key}Bytes`], after[`${key}Bytes`]];
        expect(psutilDisk[key]).toBeGreaterThanOrEqual(Math.min(...ours) - toleranceBytes);
        expect(psutilDisk[key]).toBeLessThanOrEqual(Math.max(...ours) + toleranceBytes);
      }
      expect(Math.abs(before.percent - psutilDisk.percent)).toBeLessThanOrEqual(0.2);
    });

    it('network: psutil.net_io_counters() lies between our readings before and after', async () => {
      const before = sumInterfaces('/proc');
      const psutilNetwork = await peer.request<{ bytes_recv: number; bytes_sent: number }>(
        'net_io_counters',
        { clearCache: true },
      );
      const after = sumInterfaces('/proc');
      expect(psutilNetwork.bytes_recv).toBeGreaterThanOrEqual(before.receivedBytes);
      expect(psutilNetwork.bytes_recv).toBeLessThanOrEqual(after.receivedBytes);
      expect(psutilNetwork.bytes_sent).toBeGreaterThanOrEqual(before.sentBytes);
      expect(psutilNetwork.bytes_sent).toBeLessThanOrEqual(after.sentBytes);
    });

    it('sampleOnce() reports memory and disk as MLflow would log them from psutil', async () => {
      const sampler = createSystemMetricsSampler({ gpu: false, onMetrics: () => {} });
      const first = await sampler.sampleOnce();
      const psutilMemory = await peer.request<PsutilMemory>('virtual_memory');
      const psutilDisk = await peer.request<PsutilDisk>('disk_usage', { path: '/' });
      const second = await sampler.sampleOnce();
      const within = (key: string, expected: number, tolerance: number) => {
        const values = [first[key], second[key]] as number[];
        expect(expected, key).toBeGreaterThanOrEqual(Math.min(...values) - tolerance);
        expect(expected, key).toBeLessThanOrEqual(Math.max(...values) + tolerance);
      };
      within(
        'system/system_memory_usage_megabytes',
        psutilMemory.used / 1e6,
        psutilMemory.total * 1e-8,
      );
      within(
        'system/system_memory_usage_percentage',
        (psutilMemory.used / psutilMemory.total) * 100,
        1,
      );
      within('system/disk_usage_percentage', psutilDisk.percent, 0.2);
      within('system/disk_usage_megabytes', psutilDisk.used / 1e6, psutilDisk.total * 1e-9);
      within('system/disk_available_megabytes', psutilDisk.free / 1e6, psutilDisk.total * 1e-9);
      expect(second['system/network_receive_megabytes']).toBeGreaterThanOrEqual(0);
      expect(second['system/network_transmit_megabytes']).toBeGreaterThanOrEqual(0);
    });
  });

  // Hand-made procfs files, read by both sides (psutil through PROCFS_PATH): exact equality,
  // including paths the machine does not take on its own.
  describe.runIf(isLinux)('the same procfs files give the same numbers', () => {
    const procStatLine = (fields: number[]) =>
      `cpu  ${fields.join(' ')}\ncpu0 ${fields.join(' ')}\n`;

    it('CPU percent between two /proc/stat readings, as psutil.cpu_percent()', async () => {
      const rng = createRng(20261127);
      const pairs: [number[], number[]][] = [
        [
          [100, 0, 50, 1000, 10, 0, 5, 0, 0, 0],
          [180, 0, 70, 1100, 12, 0, 6, 0, 0, 0],
        ],
        // iowait stepping back (it can), guest time inside user, nothing at all passing.
        [
          [100, 5, 50, 1000, 40, 1, 5, 3, 20, 2],
          [160, 9, 65, 1040, 30, 2, 7, 4, 50, 4],
        ],
        [
          [100, 0, 50, 1000, 10, 0, 5, 0, 0, 0],
          [100, 0, 50, 1000, 10, 0, 5, 0, 0, 0],
        ],
      ];
      for (let index = 0; index < 40; index += 1) {
        const before = Array.from({ length: 10 }, () => rng.int(0, 10_000_000));
        pairs.push([before, before.map((value) => value + rng.int(0, 3_000))]);
      }
      for (const [before, after] of pairs) {
        const statPath = join(fakeProcfs, 'stat');
        writeFileSync(statPath, procStatLine(before));
        await peer.request('cpu_percent', { procfsPath: fakeProcfs });
        writeFileSync(statPath, procStatLine(after));
        const expected = await peer.request<number>('cpu_percent', { procfsPath: fakeProcfs });
        const ours = cpuUtilizationPercent(
          parseProcStat(procStatLine(before)),
          parseProcStat(procStatLine(after)),
        );
        expect(ours, `${before} → ${after}`).toBe(expected);
      }
    });

    it('memory from /proc/meminfo, including the fallbacks psutil.virtual_memory() takes', async () => {
      const realMeminfo = readFileSync('/proc/meminfo', 'utf8');
      const realZoneinfo = readFileSync('/proc/zoneinfo', 'utf8');
      const setLine = (text: string, name: string, value: number | undefined) => {
        const lines = text.split('\n').filter((line) => !line.startsWith(`${name}:`));
        if (value !== undefined) lines.splice(2, 0, `${name}:  ${value} kB`);
        return lines.join('\n');
      };
      const totalKb = Number(/MemTotal:\s+(\d+)/.exec(realMeminfo)?.[1]);
      const cases: { name: string; meminfo: string; zoneinfo: boolean }[] = [
        { name: 'this machine', meminfo: realMeminfo, zoneinfo: true },
        {
          name: 'MemAvailable missing (kernel < 3.14)',
          meminfo: setLine(realMeminfo, 'MemAvailable', undefined),
          zoneinfo: true,
        },
        {
          name: 'MemAvailable 0 (psutil #1915)',
          meminfo: setLine(realMeminfo, 'MemAvailable', 0),
          zoneinfo: true,
        },
        {
          name: 'MemAvailable above MemTotal (container)',
          meminfo: setLine(realMeminfo, 'MemAvailable', totalKb * 2),
          zoneinfo: true,
        },
        {
          name: 'no /proc/zoneinfo',
          meminfo: setLine(realMeminfo, 'MemAvailable', undefined),
          zoneinfo: false,
        },
        {
          name: 'no Active(file)',
          meminfo: setLine(setLine(realMeminfo, 'MemAvailable', 0), 'Active(file)', undefined),
          zoneinfo: true,
        },
      ];
      for (const testCase of cases) {
        writeFileSync(join(fakeProcfs, 'meminfo'), testCase.meminfo);
        rmSync(join(fakeProcfs, 'zoneinfo'), { force: true });
        if (testCase.zoneinfo) writeFileSync(join(fakeProcfs, 'zoneinfo'), realZoneinfo);
        const expected = await peer.request<{ total: number; available: number; used: number }>(
          'virtual_memory',
          { procfsPath: fakeProcfs },
        );
        const ours = readMemoryUsage(fakeProcfs);
        expect(
          { total: ours.totalBytes, available: ours.availableBytes, used: ours.usedBytes },
          testCase.name,
        ).toEqual({ total: expected.total, available: expected.available, used: expected.used });
      }
    });

    it('network totals over /proc/net/dev readings, with psutil nowrap carry-over', async () => {
      const header =
        'Inter-|   Receive                                                |  Transmit\n' +
        ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
      const netDev = (interfaces: Record<string, [number, number]>) =>
        header +
        Object.entries(interfaces)
          .map(
            ([name, [received, sent]]) =>
              `${name.padStart(6)}: ${received} 10 0 0 0 0 0 0 ${sent} 10 0 0 0 0 0 0`,
          )
          .join('\n');
      const readings: Record<string, [number, number]>[] = [
        { lo: [1000, 1000], eth0: [5_000_000, 70_000], docker0: [10, 20] },
        { lo: [2000, 2000], eth0: [6_000_000, 80_000], docker0: [30, 40] },
        // eth0's receive counter wrapped; docker0 went away.
        { lo: [2500, 2500], eth0: [1_000, 90_000] },
        { lo: [2600, 2600], eth0: [2_000, 95_000], docker0: [5, 5] },
        { lo: [2700, 2700], eth0: [1_500, 10] },
      ];
      const netDevPath = join(fakeProcfs, 'net', 'dev');
      const tracker = createNetworkCounterTracker(() => readInterfaceCounters(fakeProcfs));
      for (const [index, reading] of readings.entries()) {
        writeFileSync(netDevPath, netDev(reading));
        const expected = await peer.request<{ bytes_recv: number; bytes_sent: number }>(
          'net_io_counters',
          { procfsPath: fakeProcfs, clearCache: index === 0 },
        );
        expect(tracker.read(), `reading ${index}`).toEqual({
          receivedBytes: expected.bytes_recv,
          sentBytes: expected.bytes_sent,
        });
      }
    });
  });

  it("rounds as Python's round(value, 1), ties to even included", async () => {
    const rng = createRng(7);
    const values = [0.25, 0.75, 1.25, -0.25, 2.5, 0.05, 0.15, 0.35, 2.675, 1.005, 12.125, 0, -1.35];
    for (let index = 0; index < 3000; index += 1) {
      values.push(rng.float() * 200);
      values.push(rng.int(0, 200_000) / 1000);
      values.push(rng.int(0, 4000) / 40);
    }
    const expected = await peer.request<number[]>('round', { values });
    expect(values.map(roundLikePython)).toEqual(expected);
  });

  it("aggregates a batch of samples as MLflow monitors' aggregate_metrics()", async () => {
    const rng = createRng(11);
    const names = [...systemMetricNames, 'gpu_0_utilization_percentage', 'gpu_1_power_usage_watts'];
    for (let batch = 0; batch < 50; batch += 1) {
      const samples: MetricValues[] = [];
      const size = rng.int(1, 5);
      for (let index = 0; index < size; index += 1) {
        const sample: MetricValues = {};
        for (const name of names) {
          // Readers fail now and then, leaving a metric out of a sample.
          if (rng.float() < 0.15) continue;
          sample[name] = rng.choice([rng.float() * 100, rng.int(0, 4000) / 40, rng.int(0, 100)]);
        }
        samples.push(sample);
      }
      const expected = await peer.request<MetricValues>('mlflow_aggregate', { samples });
      expect(aggregateSamples(samples), JSON.stringify(samples)).toEqual(expected);
    }
  });

  it("turns nvidia-smi's numbers into what MLflow's GPUMonitor logs from NVML", async () => {
    // No GPU here: the same readings go to MLflow's GPUMonitor through a stand-in pynvml and
    // to our parser as the CSV nvidia-smi prints for them (whole MiB, watts to 0.01).
    interface Reading {
      freeMiB: number;
      utilization: number;
      powerMilliwatts: number;
      failing?: ('memory' | 'utilization' | 'power')[];
    }
    const totalMiB = 81_559;
    const rng = createRng(3);
    const samples: Reading[][] = Array.from({ length: 3 }, (_, sampleIndex) => [
      {
        freeMiB: rng.int(0, totalMiB),
        utilization: rng.int(0, 100),
        powerMilliwatts: rng.int(60_000, 700_000) * 10,
      },
      {
        freeMiB: rng.int(0, totalMiB),
        utilization: rng.int(0, 100),
        powerMilliwatts: rng.int(60_000, 700_000) * 10,
        failing: sampleIndex === 1 ? ['power', 'utilization'] : ['power'],
      },
    ]);
    const mebibyte = 1024 * 1024;
    const limitMilliwatts = 700_000;
    const nvml = samples.map((readings) =>
      readings.map((reading) => ({
        usedBytes: (totalMiB - reading.freeMiB) * mebibyte,
        totalBytes: totalMiB * mebibyte,
        utilization: reading.utilization,
        powerMilliwatts: reading.powerMilliwatts,
        powerLimitMilliwatts: limitMilliwatts,
        failing: reading.failing ?? [],
      })),
    );
    const csv = samples.map((readings) =>
      readings
        .map((reading, index) => {
          const failing = reading.failing ?? [];
          const power = failing.includes('power')
            ? '[N/A], [N/A]'
            : `${(reading.powerMilliwatts / 1000).toFixed(2)}, ${(limitMilliwatts / 1000).toFixed(2)}`;
          const utilization = failing.includes('utilization') ? '[N/A]' : reading.utilization;
          return `${index}, ${totalMiB}, ${reading.freeMiB}, ${utilization}, ${power}`;
        })
        .join('\n'),
    );
    const expected = await peer.request<{
      collected: Record<string, number[]>;
      aggregated: MetricValues;
    }>('mlflow_gpu', { samples: nvml });
    const ours = csv.map(parseNvidiaSmiOutput);
    for (const [name, values] of Object.entries(expected.collected)) {
      const oursValues = ours.flatMap((sample) => (name in sample ? [sample[name] as number] : []));
      expect(oursValues.length, name).toBe(values.length);
      oursValues.forEach((value, index) => {
        expect(value, name).toBeCloseTo(values[index] as number, 9);
      });
    }
    expect(aggregateSamples(ours)).toEqual(expected.aggregated);
  });
});
