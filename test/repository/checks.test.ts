import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The repository checks a reviewer would run, so that CI (which runs only the test
// command) enforces them too.
const root = resolve(import.meta.dirname, '../..');

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: process.env });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`.slice(-8_000) };
}

describe('repository checks', () => {
  it('passes Biome lint and format check (pnpm lint)', { timeout: 120_000 }, () => {
    const { status, output } = run('pnpm', ['exec', 'biome', 'check', '.']);
    expect(status, output).toBe(0);
  });

  it('type-checks scripts, tests, packages and examples (pnpm typecheck)', {
    timeout: 300_000,
  }, () => {
    const { status, output } = run('pnpm', ['typecheck']);
    expect(status, output).toBe(0);
  });
});
