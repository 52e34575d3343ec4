import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const packageRoot = resolve(import.meta.dirname, '..');

it('runs the README quick start as written', async () => {
  const readme = await readFile(join(packageRoot, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code, 'the README has a ts block').toBeDefined();
  const folder = await mkdtemp(join(tmpdir(), 'dagnostics-monitor-readme-'));
  try {
    // Placed in the package so its imports resolve as a user's would, through the exports map.
    const script = join(packageRoot, 'test', `.readme-quickstart-${process.pid}.ts`);
    await writeFile(script, code ?? '');
    try {
      const { stdout } = await run(
        join(packageRoot, 'node_modules', '.bin', 'tsx'),
        ['--conditions=@dagnostics/source', script],
        { cwd: folder, timeout: 60_000 },
      );
      expect(stdout).toMatch(/^duration_s wasserstein \d\.\d{4} DRIFT$/m);
      expect(stdout).toMatch(/^operator jensenshannon \d\.\d{4} ok$/m);
      expect(stdout).toContain(
        'mlops_feature_drift_score{model="log-classifier",feature="duration_s",method="wasserstein"}',
      );
      const report = JSON.parse(await readFile(join(folder, 'drift-report.json'), 'utf8'));
      expect(report.format).toBe('dagnostics.drift-report/1');
      const html = await readFile(join(folder, 'drift-report.html'), 'utf8');
      expect(html.match(/<svg class="chart"/g)).toHaveLength(2);
    } finally {
      await rm(script, { force: true });
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
