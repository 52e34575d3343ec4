import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@dagnostics/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGateFiles } from './run-gate-files';

describe('runGateFiles', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dagnostics-gates-'));
    await writeFile(
      join(folder, 'gates.yaml'),
      [
        'gates:',
        '  - kind: metric-threshold',
        '    metric: accuracy',
        '    min: 0.9',
        '  - kind: size-budget',
        '    maxBytes: 2048',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads YAML and JSON, writes every report and returns the exit code', async () => {
    const inputsPath = join(folder, 'inputs.json');
    await writeFile(inputsPath, JSON.stringify({ metrics: { accuracy: 0.95 }, sizeBytes: 4096 }));
    const paths = {
      jsonPath: join(folder, 'report.json'),
      markdownPath: join(folder, 'report.md'),
      htmlPath: join(folder, 'report.html'),
    };
    const { report, exitCode } = await runGateFiles({
      suitePath: join(folder, 'gates.yaml'),
      inputsPath,
      title: 'Gates <v3>',
      ...paths,
    });
    expect(exitCode).toBe(1);
    expect(JSON.parse(await readFile(paths.jsonPath, 'utf8'))).toEqual(report);
    expect(await readFile(paths.markdownPath, 'utf8')).toContain('## Quality gates: FAIL');
    expect(await readFile(paths.htmlPath, 'utf8')).toContain('<title>Gates &lt;v3&gt;</title>');

    await writeFile(inputsPath, JSON.stringify({ metrics: { accuracy: 0.95 } }));
    expect(
      (await runGateFiles({ suitePath: join(folder, 'gates.yaml'), inputsPath })).exitCode,
    ).toBe(2);
    await writeFile(inputsPath, JSON.stringify({ metrics: { accuracy: 0.95 }, sizeBytes: 1 }));
    expect(
      (await runGateFiles({ suitePath: join(folder, 'gates.yaml'), inputsPath })).exitCode,
    ).toBe(0);
  });

  it('throws InvalidArgumentError for a missing file or inputs that are not an object', async () => {
    const missing = runGateFiles({
      suitePath: join(folder, 'nope.yaml'),
      inputsPath: join(folder, 'nope.json'),
    });
    await expect(missing).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    const listPath = join(folder, 'list.json');
    await writeFile(listPath, '[1, 2]');
    await expect(
      runGateFiles({ suitePath: join(folder, 'gates.yaml'), inputsPath: listPath }),
    ).rejects.toThrow(/Gate inputs must be an object/);
  });
});
