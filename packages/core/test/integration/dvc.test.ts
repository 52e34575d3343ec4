/**
 * Interop with the real `dvc` 3 CLI from the test venv: what addToCache writes, dvc accepts
 * (status, checkout, pull), and what dvc writes, checkout and pull here accept. Skipped
 * loudly without the venv; with CI=true a missing dvc fails instead.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import {
  addToCache,
  CacheObjectCorruptedError,
  checkout,
  hashPath,
  objectPath,
  parseDvcFile,
  pull,
  push,
  readTarget,
  status,
  verifyCache,
} from '../../src/version/index';
import { useTemporaryDirectory } from '../support/temporary-directory';

const run = promisify(execFile);
const repositoryRoot = resolve(import.meta.dirname, '../../../..');
const dvcExecutable = join(repositoryRoot, '.venv', 'bin', 'dvc');
const temporary = useTemporaryDirectory('dagnostics-dvc-');
// Generous: the dvc CLI alone takes 20-30 s here on a loaded 2-core machine.
const timeoutMs = 120_000;

/** At least 1,000 files, with non-ASCII, nested, empty and CRLF ones. */
const folderFileCount = 1_000;
const specialFiles: Record<string, string> = {
  'Zürich/naïve-δ.txt': 'grüezi\n',
  '日本/データ.csv': 'a,b\r\n1,2\r\n',
  'emoji-😀.txt': 'smile',
  'a/b/c.txt': 'nested',
  'a/c': 'sibling',
  'a-b': 'dash',
  'empty.txt': '',
};

async function dvc(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(dvcExecutable, args, {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
    env: {
      ...process.env,
      DVC_NO_ANALYTICS: '1',
      DVC_SITE_CACHE_DIR: join(temporary(), 'dvc-site-cache'),
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  return stdout;
}

let template: string | undefined;

/** A copy of one `git init` + `dvc init` repository (each dvc start costs 1-2 s). */
async function newRepository(name: string): Promise<string> {
  if (template === undefined) {
    template = join(temporary(), 'template');
    await mkdir(template);
    await run('git', ['init', '--quiet'], { cwd: template });
    await dvc(template, 'init', '--quiet');
  }
  const root = join(temporary(), name);
  await cp(template, root, { recursive: true });
  return root;
}

/** Points a remote at a folder, as `dvc remote add [--default]` would write it. */
async function addRemote(root: string, name: string, url: string, isDefault = false) {
  const core = isDefault ? `[core]\n    remote = ${name}\n` : '';
  await appendFile(join(root, '.dvc', 'config'), `${core}['remote "${name}"']\n    url = ${url}\n`);
}

async function writeFixture(root: string): Promise<void> {
  const parts = Array.from({ length: 10 }, (_, part) => join(root, 'dataset', `part-${part}`));
  for (const part of parts) await mkdir(part, { recursive: true });
  await Promise.all(
    Array.from({ length: folderFileCount }, (_, index) =>
      writeFile(join(parts[index % 10] as string, `row-${index}.txt`), `row ${index}\n`),
    ),
  );
  for (const [relative, content] of Object.entries(specialFiles)) {
    const path = join(root, 'dataset', relative);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content);
  }
  await writeFile(join(root, 'model.bin'), Buffer.from([0, 1, 2, 13, 10, 255]));
}

async function expectWorkspaceMatches(root: string, digests: Record<string, string>) {
  for (const [path, digest] of Object.entries(digests)) {
    expect((await hashPath(join(root, path))).oid, path).toBe(digest);
  }
  expect(await readFile(join(root, 'dataset', 'Zürich', 'naïve-δ.txt'), 'utf8')).toBe('grüezi\n');
}

function describeWithDvc(title: string, body: () => void): void {
  describeWithPrerequisite(
    title,
    'needs the dvc CLI',
    existsSync(dvcExecutable)
      ? undefined
      : `${dvcExecutable} is missing: create the venv with \`bash scripts/test-env/ensure-venv.sh\``,
    body,
  );
}

describeWithDvc('@dagnostics/core/version against dvc 3', () => {
  /** Digests our addToCache computed, per path, to compare with dvc's. */
  const ours: Record<string, string> = {};
  let ourRepository: string;

  beforeAll(async () => {
    expect(await dvc(temporary(), '--version')).toMatch(/^3\./);
  }, timeoutMs);

  it(
    'our add: dvc status is clean and dvc checkout restores',
    async () => {
      ourRepository = await newRepository('ours');
      await writeFixture(ourRepository);
      const folder = await addToCache('dataset', { repoRoot: ourRepository });
      const file = await addToCache('model.bin', { repoRoot: ourRepository });
      expect(folder.output.nfiles).toBe(folderFileCount + Object.keys(specialFiles).length);
      ours.dataset = folder.digest;
      ours['model.bin'] = file.digest;

      expect(JSON.parse(await dvc(ourRepository, 'status', '--json'))).toEqual({});
      await rm(join(ourRepository, 'dataset'), { recursive: true });
      await rm(join(ourRepository, 'model.bin'));
      await dvc(ourRepository, 'checkout', '--quiet');
      await expectWorkspaceMatches(ourRepository, ours);
    },
    timeoutMs,
  );

  it(
    'dvc add: same bytes as ours, and our checkout, push and pull work with dvc',
    async () => {
      const root = await newRepository('theirs');
      await writeFixture(root);
      await dvc(root, 'add', '--quiet', 'dataset', 'model.bin');

      // Byte-identical .dvc files, .gitignore and .dir manifest.
      for (const name of ['dataset.dvc', 'model.bin.dvc', '.gitignore']) {
        expect(await readFile(join(root, name), 'utf8'), name).toBe(
          await readFile(join(ourRepository, name), 'utf8'),
        );
      }
      const target = await readTarget('dataset', { repoRoot: root });
      expect(target.outputs[0]?.output.md5).toBe(ours.dataset);
      const manifestOf = (repo: string) =>
        readFile(objectPath(join(repo, '.dvc', 'cache'), ours.dataset as string));
      expect((await manifestOf(root)).equals(await manifestOf(ourRepository))).toBe(true);
      expect(parseDvcFile(await readFile(join(root, 'model.bin.dvc'), 'utf8'), 'm').outs).toEqual([
        { md5: ours['model.bin'], size: 6, hash: 'md5', path: 'model.bin' },
      ]);

      // Our checkout of dvc's data.
      await rm(join(root, 'dataset'), { recursive: true });
      await rm(join(root, 'model.bin'));
      const restored = await checkout(['dataset', 'model.bin'], { repoRoot: root });
      expect(restored.restored).toHaveLength(
        folderFileCount + Object.keys(specialFiles).length + 1,
      );
      await expectWorkspaceMatches(root, ours);

      // dvc push, then our pull into an empty cache.
      const dvcRemote = join(temporary(), 'remote-from-dvc');
      await addRemote(root, 'storage', dvcRemote, true);
      await dvc(root, 'push', '--quiet');
      await rm(join(root, '.dvc', 'cache'), { recursive: true });
      await rm(join(root, 'dataset'), { recursive: true });
      await rm(join(root, 'model.bin'));
      const pulled = await pull(['dataset', 'model.bin'], { repoRoot: root, remote: dvcRemote });
      expect(pulled.transferred).toContain(ours.dataset);
      await expectWorkspaceMatches(root, ours);
      expect((await status(['dataset', 'model.bin'], { repoRoot: root })).isClean).toBe(true);

      // Our push to a fresh remote, then dvc pull from it into an empty cache.
      const ourRemote = join(temporary(), 'remote-from-us');
      await push(['dataset', 'model.bin'], { repoRoot: root, remote: ourRemote });
      await rm(join(root, '.dvc', 'cache'), { recursive: true });
      await rm(join(root, 'dataset'), { recursive: true });
      await rm(join(root, 'model.bin'));
      await addRemote(root, 'ours', ourRemote);
      await dvc(root, 'pull', '--quiet', '--remote', 'ours');
      await expectWorkspaceMatches(root, ours);
      expect(JSON.parse(await dvc(root, 'status', '--json'))).toEqual({});
    },
    timeoutMs,
  );

  it(
    'detects a corrupted cache object and refuses to check it out',
    async () => {
      const cache = join(ourRepository, '.dvc', 'cache');
      const victim = objectPath(cache, ours['model.bin'] as string);
      await chmod(victim, 0o644);
      await writeFile(victim, 'tampered');
      const report = await verifyCache({ repoRoot: ourRepository, targets: 'model.bin' });
      expect(report.isIntact).toBe(false);
      expect(report.corrupted.map((object) => object.path)).toEqual([victim]);

      await rm(join(ourRepository, 'model.bin'));
      const error = await checkout('model.bin', { repoRoot: ourRepository }).catch(
        (caught: unknown) => caught,
      );
      expect(CacheObjectCorruptedError.isInstance(error)).toBe(true);
      expect((error as CacheObjectCorruptedError).path).toBe(victim);
    },
    timeoutMs,
  );
});
