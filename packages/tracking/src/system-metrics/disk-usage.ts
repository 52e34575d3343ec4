import { statfsSync } from 'node:fs';
import { roundLikePython } from './python-round';

/** Usage of the file system holding a path, as psutil's `disk_usage()` reports it. */
export interface DiskUsage {
  /** Size of the file system, bytes. */
  totalBytes: number;
  /** Bytes in use: total minus the free blocks (free counts root-reserved blocks). */
  usedBytes: number;
  /** Bytes an unprivileged user can still write (`f_bavail`); what MLflow logs as available. */
  freeBytes: number;
  /**
   * `used / (used + free) × 100`, rounded to 0.1: the share of the space a user can have
   * that is taken, so it reads above `used / total` by the root-reserved blocks (≈5 % on ext4).
   */
  percent: number;
}

/**
 * Reads disk usage of the file system holding `path` with `fs.statfsSync`, following the
 * POSIX branch of psutil's `disk_usage()`. Node reports block counts with `f_bsize`, not
 * `f_frsize`; the two are equal on local Linux file systems, but a network or FUSE file
 * system that sets them apart would be scaled differently than psutil scales it. On macOS
 * psutil corrects `used` for APFS purgeable space through a native call we cannot make.
 */
export function readDiskUsage(path: string): DiskUsage {
  const stats = statfsSync(path, { bigint: true });
  const totalBytes = Number(stats.blocks * stats.bsize);
  const freeToRootBytes = Number(stats.bfree * stats.bsize);
  const freeBytes = Number(stats.bavail * stats.bsize);
  const usedBytes = totalBytes - freeToRootBytes;
  const userTotalBytes = usedBytes + freeBytes;
  const percent = userTotalBytes === 0 ? 0 : roundLikePython((usedBytes / userTotalBytes) * 100);
  return { totalBytes, usedBytes, freeBytes, percent };
}
