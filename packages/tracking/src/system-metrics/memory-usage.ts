import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';
import { join } from 'node:path';

/** System memory in bytes, with `used` and `available` as psutil's `virtual_memory()` has them. */
export interface MemoryUsage {
  /** Physical memory, bytes. */
  totalBytes: number;
  /** Memory that can be given to processes without swapping, bytes. */
  availableBytes: number;
  /** `totalBytes - availableBytes`, bytes (psutil ≥ 6 and the `free` tool agree on this). */
  usedBytes: number;
}

/**
 * Reads system memory. On Linux this follows psutil 7's `virtual_memory()` step by step:
 * `/proc/meminfo` under `procfsPath`, available = `MemAvailable`, or the kernel's own
 * estimate from `/proc/zoneinfo` low watermarks when that line is missing or 0, or
 * `MemFree` when available exceeds total (a container seeing the host's numbers);
 * used = total − available. Elsewhere: Node's `os.totalmem()` and `os.freemem()`, which
 * on macOS counts only free pages, so used reads higher than psutil's there.
 */
export function readMemoryUsage(procfsPath: string): MemoryUsage {
  if (process.platform !== 'linux') {
    const totalBytes = totalmem();
    const availableBytes = freemem();
    return { totalBytes, availableBytes, usedBytes: totalBytes - availableBytes };
  }
  const fields = parseMeminfo(readFileSync(join(procfsPath, 'meminfo'), 'utf8'));
  const totalBytes = requireField(fields, 'MemTotal');
  const freeBytes = requireField(fields, 'MemFree');
  let availableBytes = fields.get('MemAvailable') ?? 0;
  if (availableBytes === 0) availableBytes = estimateAvailable(fields, procfsPath);
  if (availableBytes < 0) availableBytes = 0;
  else if (availableBytes > totalBytes) availableBytes = freeBytes;
  return { totalBytes, availableBytes, usedBytes: totalBytes - availableBytes };
}

/** `/proc/meminfo` as name → bytes (every value × 1024, as psutil does). */
function parseMeminfo(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [label, value] = line.trim().split(/\s+/);
    if (label === undefined || value === undefined || !label.endsWith(':')) continue;
    fields.set(label.slice(0, -1), Number(value) * 1024);
  }
  return fields;
}

function requireField(fields: Map<string, number>, name: string): number {
  const value = fields.get(name);
  if (value === undefined) throw new Error(`/proc/meminfo has no ${name} line`);
  return value;
}

/**
 * The kernel's MemAvailable formula (commit 34e431b0ae39), as psutil's
 * `calculate_avail_vmem` applies it for kernels before 3.14 or when MemAvailable reads 0:
 * free memory above the low watermarks plus the reclaimable halves of the page cache and of
 * reclaimable slab. Falls back to free + cached when an input is missing.
 */
function estimateAvailable(fields: Map<string, number>, procfsPath: string): number {
  const free = requireField(fields, 'MemFree');
  const fallback = free + (fields.get('Cached') ?? 0);
  const activeFile = fields.get('Active(file)');
  const inactiveFile = fields.get('Inactive(file)');
  const slabReclaimable = fields.get('SReclaimable');
  if (activeFile === undefined || inactiveFile === undefined || slabReclaimable === undefined) {
    return fallback;
  }
  let zoneinfo: string;
  try {
    zoneinfo = readFileSync(join(procfsPath, 'zoneinfo'), 'utf8');
  } catch {
    return fallback;
  }
  let lowWatermarkPages = 0;
  for (const line of zoneinfo.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('low')) lowWatermarkPages += Number(trimmed.split(/\s+/)[1]);
  }
  const lowWatermark = lowWatermarkPages * pageSizeBytes();
  let available = free - lowWatermark;
  let pageCache = activeFile + inactiveFile;
  pageCache -= Math.min(pageCache / 2, lowWatermark);
  available += pageCache;
  available += slabReclaimable - Math.min(slabReclaimable / 2, lowWatermark);
  return Math.trunc(available);
}

let cachedPageSize: number | undefined;

/**
 * The kernel page size in bytes. Node has no sysconf, so it is read from the first
 * mapping in `/proc/self/smaps` (`KernelPageSize`); 4096 when that cannot be read.
 */
function pageSizeBytes(): number {
  if (cachedPageSize !== undefined) return cachedPageSize;
  cachedPageSize = 4096;
  try {
    const descriptor = openSync('/proc/self/smaps', 'r');
    try {
      const buffer = Buffer.alloc(8192);
      const length = readSync(descriptor, buffer, 0, buffer.length, 0);
      const match = /KernelPageSize:\s+(\d+) kB/.exec(buffer.toString('utf8', 0, length));
      if (match?.[1] !== undefined) cachedPageSize = Number(match[1]) * 1024;
    } finally {
      closeSync(descriptor);
    }
  } catch {
    // Keep the common 4096 when /proc/self/smaps is unreadable (hardened kernels).
  }
  return cachedPageSize;
}
