import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

// Loads every entry point of every published package from its BUILT output, once with
// require() and once with import(), in a plain Node process without the source
// condition, as a user's application or a tslab notebook would.
const root = resolve(import.meta.dirname, '../..');
const packagesDir = join(root, 'packages');

interface Manifest {
  name: string;
  private?: boolean;
  exports: Record<string, unknown>;
}

const packages = readdirSync(packagesDir)
  .map((folder) => join(packagesDir, folder))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest,
  }))
  .filter(({ manifest }) => manifest.private !== true);

function loadNames(dir: string, specifier: string, mode: 'require' | 'import'): string[] {
  const script =
    mode === 'require'
      ? `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)})).sort()))`
      : `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort())))`;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(output) as string[];
}

describe.each(packages)('$manifest.name', ({ dir, manifest }) => {
  const entries = Object.keys(manifest.exports).filter((key) => key !== './package.json');

  it('has been built', () => {
    expect(existsSync(join(dir, 'dist')), `run \`pnpm build\` before this test`).toBe(true);
  });

  it.each(entries)('loads %s with require() and import(), with the same names', (entry) => {
    const specifier = entry === '.' ? manifest.name : `${manifest.name}/${entry.slice(2)}`;
    const required = loadNames(dir, specifier, 'require');
    const imported = loadNames(dir, specifier, 'import');
    expect(required.length).toBeGreaterThan(0);
    expect(imported).toEqual(required);
  });

  it('passes publint --strict', async () => {
    const { messages } = await publint({ pkgDir: dir, strict: true, level: 'suggestion' });
    expect(
      messages.map((message) => `${message.type} ${message.code} ${message.path.join('.')}`),
    ).toEqual([]);
  });

  it('lists types first in every condition block', () => {
    for (const [entry, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue;
      for (const [condition, block] of Object.entries(target as Record<string, unknown>)) {
        if (typeof block !== 'object' || block === null) continue;
        expect(Object.keys(block)[0], `${entry} → ${condition}`).toBe('types');
      }
    }
  });
});
