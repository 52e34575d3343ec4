import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const exampleRoot = resolve(import.meta.dirname, '..');

// The README of @dagnostics/tune shows this file; running it keeps the README honest.
it('runs the README example end to end and writes the study report', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'tune-quickstart-'));
  try {
    const { stdout } = await run(
      join(exampleRoot, 'node_modules', '.bin', 'tsx'),
      ['--conditions=@dagnostics/source', join(exampleRoot, 'src', 'main.ts')],
      { cwd: folder, timeout: 120_000 },
    );
    expect(stdout).toMatch(/^best loss \d/m);
    expect(stdout).toMatch(/^\d+ of 100 trials pruned early$/m);
    expect(stdout).toContain(`open file://${join(folder, 'study-report.html')}`);
    const html = await readFile(join(folder, 'study-report.html'), 'utf8');
    expect(html).toContain('<h2>Optimization history</h2>');
    expect(html).toContain('<h2>Parameter importances (PED-ANOVA)</h2>');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}, 180_000);
