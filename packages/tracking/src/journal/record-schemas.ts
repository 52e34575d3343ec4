import { z } from 'zod';
import type { JournalRecord } from './records';

let cachedRecordSchema: z.ZodType<JournalRecord> | undefined;

/**
 * The zod schema of one journal line as stored (metric values that JSON cannot hold are the
 * strings "NaN", "Infinity", "-Infinity"). Built on first use, never at import.
 */
export function journalRecordSchema(): z.ZodType<JournalRecord> {
  cachedRecordSchema ??= buildRecordSchema();
  return cachedRecordSchema;
}

function buildRecordSchema(): z.ZodType<JournalRecord> {
  const keyValue = z.object({ key: z.string(), value: z.string() });
  const timestampMs = z.number().int().nonnegative();
  const seq = z.number().int().positive();
  const localRunId = z.string().min(1);
  const metric = z.object({
    key: z.string(),
    value: z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]),
    timestampMs,
    step: z.number().int(),
  });
  const datasetInput = z.object({
    name: z.string(),
    digest: z.string(),
    sourceType: z.string(),
    source: z.string(),
    schema: z.string().optional(),
    profile: z.string().optional(),
    tags: z.array(keyValue),
  });
  return z.discriminatedUnion('type', [
    z.object({
      type: z.literal('session-start'),
      version: z.literal(1),
      sessionId: z.string().min(1),
      pid: z.number().int(),
      hostname: z.string(),
      startedAtMs: timestampMs,
      trackingUri: z.string().optional(),
    }),
    z.object({
      type: z.literal('run-start'),
      seq,
      localRunId,
      experimentName: z.string(),
      runName: z.string().optional(),
      startTimeMs: timestampMs,
      tags: z.array(keyValue),
      parentLocalRunId: z.string().optional(),
      parentRunId: z.string().optional(),
    }),
    z.object({
      type: z.literal('batch'),
      seq,
      localRunId,
      metrics: z.array(metric),
      params: z.array(keyValue),
      tags: z.array(keyValue),
    }),
    z.object({
      type: z.literal('inputs'),
      seq,
      localRunId,
      datasets: z.array(datasetInput),
    }),
    z.object({
      type: z.literal('run-end'),
      seq,
      localRunId,
      status: z.enum(['FINISHED', 'FAILED', 'KILLED']),
      endTimeMs: timestampMs,
    }),
    z.object({
      type: z.literal('ack'),
      seq,
      serverRunId: z.string().optional(),
      serverExperimentId: z.string().optional(),
    }),
  ]) as z.ZodType<JournalRecord>;
}
