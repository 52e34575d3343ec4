import { InvalidArgumentError } from '@dagnostics/core';
import { type AdwinSnapshot, restoreAdwin } from './adwin';
import { type DdmSnapshot, restoreDdm } from './ddm';
import { type EddmSnapshot, restoreEddm } from './eddm';
import { type HddmASnapshot, restoreHddmA } from './hddm-a';
import { type HddmWSnapshot, restoreHddmW } from './hddm-w';
import { type KswinSnapshot, restoreKswin } from './kswin';
import { type PageHinkleySnapshot, restorePageHinkley } from './page-hinkley';
import type { DriftDetector } from './types';

/** A snapshot of any of the detectors. */
export type AnyDriftDetectorSnapshot =
  | AdwinSnapshot
  | DdmSnapshot
  | EddmSnapshot
  | PageHinkleySnapshot
  | KswinSnapshot
  | HddmASnapshot
  | HddmWSnapshot;

/**
 * Rebuilds a detector from `detector.snapshot()` (possibly after a JSON round trip), so
 * that it continues exactly where the original was. Throws `InvalidArgumentError` for an
 * unknown kind or version.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(detector.snapshot());
 * const resumed = restoreDriftDetector(JSON.parse(saved));
 * ```
 */
export function restoreDriftDetector(snapshot: AnyDriftDetectorSnapshot): DriftDetector {
  if (snapshot?.version !== 1) {
    throw new InvalidArgumentError({
      message: `Cannot restore a drift detector snapshot of version ${String(snapshot?.version)}; this version reads version 1. Pass an object returned by snapshot().`,
      argument: 'snapshot',
    });
  }
  switch (snapshot.kind) {
    case 'adwin':
      return restoreAdwin(snapshot);
    case 'ddm':
      return restoreDdm(snapshot);
    case 'eddm':
      return restoreEddm(snapshot);
    case 'page-hinkley':
      return restorePageHinkley(snapshot);
    case 'kswin':
      return restoreKswin(snapshot);
    case 'hddm-a':
      return restoreHddmA(snapshot);
    case 'hddm-w':
      return restoreHddmW(snapshot);
    default:
      throw new InvalidArgumentError({
        message: `Cannot restore a drift detector of kind ${JSON.stringify((snapshot as { kind?: unknown }).kind)}; expected one of adwin, ddm, eddm, page-hinkley, kswin, hddm-a, hddm-w.`,
        argument: 'snapshot',
      });
  }
}
