import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const lockfileNames = ['pnpm-lock.yaml', 'package-lock.json', 'yarn.lock', 'bun.lock'] as const;

/** The nearest lockfile above `start` and the SHA-256 of its bytes. */
export interface LockfileInfo {
  path: string;
  sha256: string;
}

/** Walks up from `start` to the first directory holding a known lockfile. */
export async function findLockfile(start: string): Promise<LockfileInfo | undefined> {
  for (const directory of ancestors(start)) {
    for (const name of lockfileNames) {
      const path = join(directory, name);
      const bytes = await readFile(path).catch(() => undefined);
      if (bytes !== undefined) {
        return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
      }
    }
  }
  return undefined;
}

/**
 * Versions of the `@dagnostics/*` packages visible from `start`, as Node would resolve
 * them (the nearest `node_modules/@dagnostics` wins for each name).
 */
export async function findDagnosticsPackages(start: string): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const directory of ancestors(start)) {
    const scope = join(directory, 'node_modules', '@dagnostics');
    const names = await readdir(scope).catch(() => [] as string[]);
    for (const name of names) {
      const fullName = `@dagnostics/${name}`;
      if (fullName in versions) continue;
      const manifest = await readFile(join(scope, name, 'package.json'), 'utf8').catch(() => '');
      const version = parseVersion(manifest);
      if (version !== undefined) versions[fullName] = version;
    }
  }
  return versions;
}

function parseVersion(manifest: string): string | undefined {
  if (manifest === '') return undefined;
  try {
    const parsed = JSON.parse(manifest) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}

function* ancestors(start: string): Generator<string> {
  let current = start;
  while (true) {
    yield current;
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
