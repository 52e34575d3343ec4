import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { roundLikePython } from './python-round';

/**
 * System-wide CPU time in seconds since boot, summed over all CPUs, in the field order of
 * the `cpu` line of `/proc/stat` (what psutil's `cpu_times()` returns on Linux). Fields the
 * platform does not report are 0.
 */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

const procStatFields = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const satisfies readonly (keyof CpuTimes)[];

// /proc/stat counts in USER_HZ ticks, which the kernel fixes at 100 on every mainstream
// architecture; psutil divides by the same value (sysconf(_SC_CLK_TCK)). Dividing before
// summing, in psutil's order, keeps our percentages bit-identical to its.
const userHz = 100;

/** Parses the aggregate `cpu` line of a `/proc/stat` text. */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n', 1)[0] ?? '';
  const values = line.trim().split(/\s+/);
  if (values[0] !== 'cpu') throw new Error(`unexpected first line in /proc/stat: ${line}`);
  const times = emptyCpuTimes();
  procStatFields.forEach((field, position) => {
    const raw = values[position + 1];
    if (raw !== undefined) times[field] = Number(raw) / userHz;
  });
  return times;
}

/**
 * Reads the current CPU times: `/proc/stat` under `procfsPath` on Linux; elsewhere the sum
 * of Node's `os.cpus()` times (user, nice, system, idle, irq; no iowait or steal).
 */
export function readCpuTimes(procfsPath: string): CpuTimes {
  if (process.platform === 'linux') {
    return parseProcStat(readFileSync(join(procfsPath, 'stat'), 'utf8'));
  }
  const times = emptyCpuTimes();
  for (const cpu of cpus()) {
    times.user += cpu.times.user / 1000;
    times.nice += cpu.times.nice / 1000;
    times.system += cpu.times.sys / 1000;
    times.idle += cpu.times.idle / 1000;
    times.irq += cpu.times.irq / 1000;
  }
  return times;
}

/**
 * CPU utilization in percent (0–100, rounded to 0.1) between two readings, as
 * `psutil.cpu_percent()` computes it: per-field deltas clamped at 0 (counters can step
 * back), total = all fields minus guest and guest_nice (already inside user and nice),
 * busy = total minus idle and iowait. 0 when no time passed.
 */
export function cpuUtilizationPercent(before: CpuTimes, after: CpuTimes): number {
  let total = 0;
  const deltas = emptyCpuTimes();
  for (const field of procStatFields) {
    deltas[field] = Math.max(0, after[field] - before[field]);
    total += deltas[field];
  }
  total -= deltas.guest;
  total -= deltas.guestNice;
  const busy = total - deltas.idle - deltas.iowait;
  if (total === 0) return 0;
  return roundLikePython((busy / total) * 100);
}

function emptyCpuTimes(): CpuTimes {
  return {
    user: 0,
    nice: 0,
    system: 0,
    idle: 0,
    iowait: 0,
    irq: 0,
    softirq: 0,
    steal: 0,
    guest: 0,
    guestNice: 0,
  };
}
