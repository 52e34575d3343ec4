import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes moved over all network interfaces, loopback included, as psutil counts them. */
export interface NetworkCounters {
  /** Bytes received, since boot (or the first reading, for a tracker's baseline). */
  receivedBytes: number;
  /** Bytes sent. */
  sentBytes: number;
}

/**
 * Per-interface byte counters from `/proc/net/dev` under `procfsPath` (Linux only), read
 * the way psutil's `net_io_counters(pernic=True)` reads them: every interface, loopback
 * included (MLflow calls `net_io_counters()` without excluding any).
 */
export function readInterfaceCounters(procfsPath: string): Map<string, NetworkCounters> {
  const lines = readFileSync(join(procfsPath, 'net', 'dev'), 'utf8')
    .split('\n')
    .slice(2);
  const counters = new Map<string, NetworkCounters>();
  for (const line of lines) {
    const colon = line.lastIndexOf(':');
    if (colon <= 0) continue;
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (fields.length < 16) throw new Error(`unexpected line in /proc/net/dev: ${line}`);
    counters.set(line.slice(0, colon).trim(), {
      receivedBytes: Number(fields[0]),
      sentBytes: Number(fields[8]),
    });
  }
  return counters;
}

/**
 * Sums interface counters across readings the way psutil's `net_io_counters()` does with
 * its default `nowrap=True`: when an interface's counter goes down (a 32-bit counter
 * wrapped, or the driver reset it), the value it had is carried over so the total never
 * decreases for that interface; an interface that disappears takes its carry-over with it.
 */
export function createNetworkCounterTracker(read: () => Map<string, NetworkCounters>) {
  let previous: Map<string, NetworkCounters> | undefined;
  const carried = new Map<string, NetworkCounters>();
  return {
    /** The current totals over all interfaces, bytes. */
    read(): NetworkCounters {
      const current = read();
      for (const name of carried.keys()) if (!current.has(name)) carried.delete(name);
      const total: NetworkCounters = { receivedBytes: 0, sentBytes: 0 };
      for (const [name, counters] of current) {
        const before = previous?.get(name);
        const carry = carried.get(name) ?? { receivedBytes: 0, sentBytes: 0 };
        if (before !== undefined) {
          if (counters.receivedBytes < before.receivedBytes) {
            carry.receivedBytes += before.receivedBytes;
          }
          if (counters.sentBytes < before.sentBytes) carry.sentBytes += before.sentBytes;
          carried.set(name, carry);
        }
        total.receivedBytes += counters.receivedBytes + carry.receivedBytes;
        total.sentBytes += counters.sentBytes + carry.sentBytes;
      }
      previous = current;
      return total;
    },
  };
}
