import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const exampleRoot = resolve(import.meta.dirname, '..');

// The train-gpu README points at this example; running it keeps it working.
it('trains the log classifier, evaluates it on held-out logs and matches its ONNX export', async () => {
  const { stdout } = await run(
    resolve(exampleRoot, 'node_modules', '.bin', 'tsx'),
    ['--conditions=@dagnostics/source', resolve(exampleRoot, 'src', 'main.ts')],
    { cwd: exampleRoot, timeout: 120_000 },
  );
  const losses = [...stdout.matchAll(/^epoch (\d+): loss ([\d.]+), lr ([\d.]+)$/gm)].map((m) =>
    Number(m[2]),
  );
  expect(losses).toHaveLength(12);
  expect(losses.at(-1)).toBeLessThan((losses[0] as number) / 3);
  expect(stdout).toMatch(/^trained on 480 logs with the (native|reference) trainer on (cpu|cuda)/m);
  const accuracy = Number(/^held-out accuracy ([\d.]+)% on 120 logs$/m.exec(stdout)?.[1]);
  // Seven categories (the largest is 20% of the sample): far above chance.
  expect(accuracy).toBeGreaterThan(50);
  const difference = Number(/largest probability difference ([\d.e+-]+)$/m.exec(stdout)?.[1]);
  expect(difference).toBeLessThan(1e-5);
}, 180_000);
