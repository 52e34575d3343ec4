import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FAILURE_CATEGORIES,
  generateSample,
  type TaskFailureRecord,
  toJsonLines,
} from '../scripts/sample-generator';

const samplePath = fileURLToPath(new URL('../data/airflow-task-failures.jsonl', import.meta.url));

const stringFields = [
  'id',
  'dag_id',
  'task_id',
  'run_id',
  'operator',
  'hostname',
  'executor',
  'airflow_version',
  'logical_date',
  'start_date',
  'end_date',
  'category',
  'log',
] as const;
const integerFields = ['try_number', 'max_tries'] as const;
const allFields = [...stringFields, ...integerFields, 'duration_s'].sort();

// An Airflow task-log record, or a line the log viewer writes when it reads a log.
const firstLinePattern =
  /^(\[[^\]]+\] \{[\w.]+:\d+\} (DEBUG|INFO|WARNING|ERROR|CRITICAL) - |\*\*\* )/;

describe('bundled sample of Airflow task-failure logs', () => {
  let text: string;
  let records: TaskFailureRecord[];

  beforeAll(() => {
    text = readFileSync(samplePath, 'utf8');
    records = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as TaskFailureRecord);
  });

  it('has one JSON object per line and about 600 records', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(records.length).toBeGreaterThanOrEqual(550);
    expect(records.length).toBeLessThanOrEqual(650);
  });

  it('gives every record exactly the schema fields, typed', () => {
    for (const record of records) {
      expect(Object.keys(record).sort(), record.id).toEqual(allFields);
      for (const field of stringFields) {
        expect(typeof record[field], `${record.id}.${field}`).toBe('string');
        expect(record[field].length, `${record.id}.${field}`).toBeGreaterThan(0);
      }
      for (const field of integerFields)
        expect(Number.isInteger(record[field]), `${record.id}.${field}`).toBe(true);
      expect(typeof record.duration_s).toBe('number');
      expect(record.try_number).toBeGreaterThanOrEqual(1);
      expect(record.try_number).toBeLessThanOrEqual(record.max_tries + 1);
      expect(FAILURE_CATEGORIES).toContain(record.category);
      expect(['CeleryExecutor', 'KubernetesExecutor', 'LocalExecutor']).toContain(record.executor);
      expect(record.airflow_version).toMatch(/^2\.(6|7|8|9|10)\.\d+$/);
      expect(record.run_id).toMatch(
        /^(scheduled|manual|dataset_triggered)__\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/,
      );
      for (const field of ['logical_date', 'start_date', 'end_date'] as const) {
        expect(new Date(record[field]).toISOString(), `${record.id}.${field}`).toBe(record[field]);
      }
    }
  });

  it('makes end_date − start_date equal duration_s and starts after the logical date', () => {
    for (const record of records) {
      const elapsedMs = Date.parse(record.end_date) - Date.parse(record.start_date);
      expect(Math.abs(elapsedMs - record.duration_s * 1000), record.id).toBeLessThan(1);
      expect(Date.parse(record.start_date), record.id).toBeGreaterThan(
        Date.parse(record.logical_date),
      );
    }
  });

  it('gives every record a unique, stable id', () => {
    const ids = records.map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^tf-\d{4}$/);
  });

  it('has at least 40 records in every category', () => {
    for (const category of FAILURE_CATEGORIES) {
      const count = records.filter((record) => record.category === category).length;
      expect(count, category).toBeGreaterThanOrEqual(40);
    }
  });

  it('writes logs in Airflow’s task-log format, attempts matching the record', () => {
    let withPreamble = 0;
    for (const record of records) {
      expect(record.log.split('\n')[0], record.id).toMatch(firstLinePattern);
      if (
        record.log.includes(
          'INFO - Dependencies all met for dep_context=non-requeueable deps ti=<TaskInstance: ',
        )
      ) {
        withPreamble += 1;
      }
      const attempt = record.log.match(/Starting attempt (\d+) of (\d+)/);
      if (attempt !== null) {
        expect(Number(attempt[1]), record.id).toBe(record.try_number);
        expect(Number(attempt[2]), record.id).toBe(record.max_tries + 1);
      }
      if (record.log.includes(`Exporting env vars: `)) {
        expect(record.log, record.id).toContain(`AIRFLOW_CTX_DAG_RUN_ID='${record.run_id}'`);
      }
    }
    expect(withPreamble / records.length).toBeGreaterThan(0.85);
  });

  it('spans log lengths from hundreds to tens of thousands of characters', () => {
    const lengths = records.map((record) => record.log.length).sort((a, b) => a - b);
    expect(lengths[0]).toBeLessThan(1000);
    expect(lengths[lengths.length - 1]).toBeGreaterThan(30_000);
  });

  it('is reproduced byte for byte by the generator', () => {
    expect(toJsonLines(generateSample())).toBe(text);
  });
});
