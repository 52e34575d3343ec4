import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGatesCli } from './gates-cli';

describe('dagnostics-gates', () => {
  let folder: string;
  const lines: string[] = [];
  const errors: string[] = [];
  const cli = (argv: string[]) =>
    runGatesCli(
      argv,
      (line) => lines.push(line),
      (line) => errors.push(line),
    );

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gates-cli-'));
    lines.length = 0;
    errors.length = 0;
    await writeFile(
      join(folder, 'gates.yaml'),
      [
        '- kind: mcnemar',
        '  require: not-worse',
        '- kind: latency-budget',
        '  p95Ms: 50',
        '- kind: size-budget',
        '  maxBytes: 1000',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const inputs = (latency: number) => ({
    champion: { correct: [true, true, false, true, false, true] },
    challenger: { correct: [true, true, true, true, false, true] },
    latenciesMs: [10, 12, latency],
    sizeBytes: 800,
  });

  it('exits 0 and writes the reports when every gate passes', async () => {
    await writeFile(join(folder, 'inputs.json'), JSON.stringify(inputs(20)));
    const code = await cli([
      '--suite',
      join(folder, 'gates.yaml'),
      '--inputs',
      join(folder, 'inputs.json'),
      '--json',
      join(folder, 'report.json'),
      '--markdown',
      join(folder, 'report.md'),
      '--html',
      join(folder, 'report.html'),
    ]);
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe('verdict: pass (exit code 0)');
    const report = JSON.parse(await readFile(join(folder, 'report.json'), 'utf8'));
    expect(report.verdict).toBe('pass');
    expect(report.gates).toHaveLength(3);
    expect(await readFile(join(folder, 'report.md'), 'utf8')).toContain('latency');
    expect(await readFile(join(folder, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('exits 1 when a gate fails, naming it', async () => {
    await writeFile(join(folder, 'inputs.json'), JSON.stringify(inputs(500)));
    const code = await cli([
      '--suite',
      join(folder, 'gates.yaml'),
      '--inputs',
      join(folder, 'inputs.json'),
    ]);
    expect(code).toBe(1);
    expect(lines).toContain('fail  latency budget');
    expect(lines.at(-1)).toBe('verdict: fail (exit code 1)');
  });

  it('exits 2 on bad usage, a missing file or inputs in error', async () => {
    expect(await cli(['--suite', join(folder, 'gates.yaml')])).toBe(2);
    expect(errors.join('\n')).toContain('--suite and --inputs are required');
    expect(await cli(['--nope'])).toBe(2);
    expect(
      await cli(['--suite', join(folder, 'gates.yaml'), '--inputs', join(folder, 'missing.json')]),
    ).toBe(2);
    expect(errors.join('\n')).toContain('missing.json');
    await writeFile(join(folder, 'inputs.json'), JSON.stringify({ sizeBytes: 800 }));
    expect(
      await cli(['--suite', join(folder, 'gates.yaml'), '--inputs', join(folder, 'inputs.json')]),
    ).toBe(2);
    expect(lines.at(-1)).toBe('verdict: error (exit code 2)');
  });
});
