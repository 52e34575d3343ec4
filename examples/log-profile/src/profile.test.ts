import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readJsonLines } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { categories, profileLogs } from './profile';
import { renderProfile } from './render';

const samplePath = fileURLToPath(new URL('../data/airflow-task-failures.jsonl', import.meta.url));

interface SampleRecord {
  category: string;
  operator: string;
  log: string;
  try_number: number;
  max_tries: number;
}

const records = readFileSync(samplePath, 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as SampleRecord);

describe('profileLogs on the bundled sample', () => {
  const profile = profileLogs(readJsonLines({ path: samplePath }));

  it('counts every category as the raw records do', () => {
    expect(profile.rows).toBe(records.length);
    for (const item of profile.categories) {
      expect(item.count, item.category).toBe(
        records.filter((record) => record.category === item.category).length,
      );
    }
    expect(profile.categories.map((item) => item.category)).toEqual([...categories]);
  });

  it('reports length extremes and a histogram that holds every log', () => {
    const lengths = records.map((record) => record.log.length);
    const byQ = new Map(profile.logLength.quantiles.map((item) => [item.q, item.characters]));
    expect(byQ.get(0)).toBe(Math.min(...lengths));
    expect(byQ.get(1)).toBe(Math.max(...lengths));
    const counted = profile.logLength.histogram.reduce((sum, bin) => sum + bin.count, 0);
    expect(counted).toBe(records.length);
    expect(profile.logLength.histogram[0]?.fromCharacters).toBeCloseTo(Math.min(...lengths), 6);
  });

  it('counts operators and retries', () => {
    expect(profile.operators.reduce((sum, item) => sum + item.count, 0)).toBe(records.length);
    expect(profile.retries.onRetry).toBe(records.filter((record) => record.try_number > 1).length);
    expect(profile.retries.final).toBe(
      records.filter((record) => record.try_number >= record.max_tries + 1).length,
    );
  });

  it('renders a readable report', () => {
    const text = renderProfile(profile, samplePath, 12);
    for (const category of categories) expect(text).toContain(category);
    expect(text).not.toContain('NaN');
    expect(text).toContain('median');
  });
});

describe('the demo command', () => {
  it('prints the profile and exits 0', () => {
    const exampleRoot = fileURLToPath(new URL('..', import.meta.url));
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@dagnostics/source', 'src/main.ts', '--json'],
      { cwd: exampleRoot, encoding: 'utf8' },
    );
    const printed = JSON.parse(output) as { rows: number };
    expect(printed.rows).toBe(records.length);
  });
});
