import type { JournalKeyValue, JournalMetric } from '../journal/records';
import { mlflowLimits } from './limits';

/** One log-batch request's worth of data. */
export interface PendingBatch {
  metrics: JournalMetric[];
  params: JournalKeyValue[];
  tags: JournalKeyValue[];
}

// Upper bound of the JSON bytes of one entry besides its key and value text:
// {"key":"","value":,"timestamp":,"step":}, with 24 characters for any double,
// 16 for a timestamp and 21 for a step.
const metricOverheadBytes = 40 + 24 + 16 + 21;
const keyValueOverheadBytes = 24;
// {"run_id":"<32>","metrics":[],"params":[],"tags":[]} plus commas.
const requestOverheadBytes = 128;

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Splits pending data of one run into batches that MLflow accepts: at most 1000 metrics,
 * 100 params, 100 tags and 1000 entities in all, and under 1 MB of JSON per request.
 * Order is preserved within each kind; params and tags go first, so that a run's params
 * reach the server before the metrics logged after them.
 */
export function splitIntoBatches(
  metrics: readonly JournalMetric[],
  params: readonly JournalKeyValue[],
  tags: readonly JournalKeyValue[],
): PendingBatch[] {
  const batches: PendingBatch[] = [];
  let metricIndex = 0;
  let paramIndex = 0;
  let tagIndex = 0;
  while (metricIndex < metrics.length || paramIndex < params.length || tagIndex < tags.length) {
    const batch: PendingBatch = { metrics: [], params: [], tags: [] };
    let bytes = requestOverheadBytes;
    let entities = 0;
    const fits = (entryBytes: number) =>
      entities < mlflowLimits.entitiesPerBatch && bytes + entryBytes <= mlflowLimits.batchBytes;

    while (paramIndex < params.length && batch.params.length < mlflowLimits.paramsPerBatch) {
      const param = params[paramIndex] as JournalKeyValue;
      const size = keyValueOverheadBytes + utf8Length(param.key) + utf8Length(param.value) * 2;
      if (!fits(size) && entities > 0) break;
      batch.params.push(param);
      bytes += size;
      entities += 1;
      paramIndex += 1;
    }
    while (tagIndex < tags.length && batch.tags.length < mlflowLimits.tagsPerBatch) {
      const tag = tags[tagIndex] as JournalKeyValue;
      const size = keyValueOverheadBytes + utf8Length(tag.key) + utf8Length(tag.value) * 2;
      if (!fits(size) && entities > 0) break;
      batch.tags.push(tag);
      bytes += size;
      entities += 1;
      tagIndex += 1;
    }
    while (metricIndex < metrics.length && batch.metrics.length < mlflowLimits.metricsPerBatch) {
      const metric = metrics[metricIndex] as JournalMetric;
      // Keys are escaped at most 6x in JSON (\uXXXX); ASCII keys, the common case, 1x.
      const size = metricOverheadBytes + utf8Length(metric.key) * 2;
      if (!fits(size) && entities > 0) break;
      batch.metrics.push(metric);
      bytes += size;
      entities += 1;
      metricIndex += 1;
    }
    batches.push(batch);
  }
  return batches;
}
