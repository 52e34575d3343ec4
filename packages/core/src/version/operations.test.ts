import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from '../../test/support/temporary-directory';
import {
  addToCache,
  CacheObjectCorruptedError,
  CacheObjectMissingError,
  CheckoutConflictError,
  checkout,
  DvcFileFormatError,
  hashPath,
  objectPath,
  pull,
  push,
  status,
  verifyCache,
} from './index';

const temporary = useTemporaryDirectory('dagnostics-version-operations-');
let repositories = 0;

async function newRepository(): Promise<string> {
  repositories += 1;
  const root = join(temporary(), `repo-${repositories}`);
  await mkdir(join(root, '.dvc'), { recursive: true });
  await mkdir(join(root, '.git'));
  return root;
}

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(join(root, relative, '..'), { recursive: true });
    await writeFile(join(root, relative), content);
  }
}

describe('addToCache', () => {
  it('stores the dvc-data golden folder and writes .dvc and .gitignore', async () => {
    const repoRoot = await newRepository();
    await writeTree(repoRoot, { 'data/foo': 'foo', 'data/bar': 'bar' });
    await mkdir(join(repoRoot, 'data/empty'));
    await writeFile(join(repoRoot, '.gitignore'), 'node_modules');
    const result = await addToCache('data', { repoRoot });
    expect(result.digest).toBe('5ea40360f5b4ec688df672a4db9c17d1.dir');
    expect(await readFile(result.dvcFilePath, 'utf8')).toBe(
      'outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n',
    );
    expect(await readFile(join(repoRoot, '.gitignore'), 'utf8')).toBe('node_modules\n/data\n');
    const cache = join(repoRoot, '.dvc/cache');
    const manifest = objectPath(cache, result.digest);
    expect((await stat(manifest)).mode & 0o777).toBe(0o444);
    expect((await stat(objectPath(cache, 'acbd18db4cc2f85cedef654fccc4a4d8'))).mode & 0o777).toBe(
      0o444,
    );
    await addToCache('data', { repoRoot });
    expect(await readFile(join(repoRoot, '.gitignore'), 'utf8')).toBe('node_modules\n/data\n');
    expect((await hashPath(join(repoRoot, 'data'))).oid).toBe(result.digest);
  });

  it('marks an executable file isexec and leaves .gitignore alone outside git', async () => {
    const repoRoot = await newRepository();
    await rm(join(repoRoot, '.git'), { recursive: true });
    await writeTree(repoRoot, { 'bin/run.sh': 'foo' });
    await chmod(join(repoRoot, 'bin/run.sh'), 0o755);
    const result = await addToCache('bin/run.sh', { repoRoot });
    expect(result.output).toEqual({
      md5: 'acbd18db4cc2f85cedef654fccc4a4d8',
      size: 3,
      isexec: true,
      hash: 'md5',
      path: 'run.sh',
    });
    expect(result.gitignorePath).toBeUndefined();
    await rm(join(repoRoot, 'bin/run.sh'));
    await checkout('bin/run.sh', { repoRoot });
    expect((await stat(join(repoRoot, 'bin/run.sh'))).mode & 0o100).toBe(0o100);
  });

  it('refuses a path outside the repository', async () => {
    const repoRoot = await newRepository();
    await expect(addToCache('../elsewhere', { repoRoot })).rejects.toThrow(/not inside/);
  });
});

describe('status and checkout', () => {
  it('reports changes and restores a folder, removing files it does not list', async () => {
    const repoRoot = await newRepository();
    await writeTree(repoRoot, { 'data/a.txt': 'a', 'data/sub/b.txt': 'b' });
    const { digest } = await addToCache('data', { repoRoot });
    expect((await status('data', { repoRoot })).isClean).toBe(true);

    await writeFile(join(repoRoot, 'data/a.txt'), 'changed');
    await writeFile(join(repoRoot, 'data/extra.txt'), 'b');
    const changed = await status('data.dvc', { repoRoot });
    expect(changed.isClean).toBe(false);
    expect(changed.outputs[0]).toMatchObject({ workspace: 'modified', cache: 'complete', digest });

    await expect(checkout('data', { repoRoot })).rejects.toSatisfy((error) =>
      CheckoutConflictError.isInstance(error),
    );
    expect(await readFile(join(repoRoot, 'data/a.txt'), 'utf8')).toBe('changed');

    const result = await checkout('data', { repoRoot, force: true });
    expect(result.restored).toEqual([join(repoRoot, 'data/a.txt')]);
    expect(result.removed).toEqual([join(repoRoot, 'data/extra.txt')]);
    expect(result.unchanged).toBe(1);
    expect((await status('data', { repoRoot })).isClean).toBe(true);

    await rm(join(repoRoot, 'data'), { recursive: true });
    expect((await status('data', { repoRoot })).outputs[0]?.workspace).toBe('missing');
    await checkout('data', { repoRoot });
    expect(await readFile(join(repoRoot, 'data/sub/b.txt'), 'utf8')).toBe('b');
  });

  it('names a missing cache object and a malformed .dvc file', async () => {
    const repoRoot = await newRepository();
    await writeTree(repoRoot, { 'model.bin': 'weights' });
    const { digest } = await addToCache('model.bin', { repoRoot });
    await rm(objectPath(join(repoRoot, '.dvc/cache'), digest));
    await rm(join(repoRoot, 'model.bin'));
    expect((await status('model.bin', { repoRoot })).outputs[0]?.cache).toBe('missing');
    const missing = await checkout('model.bin', { repoRoot }).catch((error: unknown) => error);
    expect(CacheObjectMissingError.isInstance(missing)).toBe(true);
    expect((missing as CacheObjectMissingError).oid).toBe(digest);

    await writeFile(join(repoRoot, 'model.bin.dvc'), 'outs:\n- md5: x\n');
    await expect(status('model.bin', { repoRoot })).rejects.toSatisfy((error) =>
      DvcFileFormatError.isInstance(error),
    );
  });
});

describe('push, pull and verifyCache', () => {
  it('moves a folder through a local remote and detects corruption', async () => {
    const repoRoot = await newRepository();
    await writeTree(repoRoot, { 'data/x': 'x', 'data/y': 'x', 'data/z': 'z' });
    const { digest } = await addToCache('data', { repoRoot });
    const pushed = await push('data', { repoRoot, remote: '../remote-ops' });
    expect(pushed.transferred).toHaveLength(3);
    expect(pushed.transferred).toContain(digest);
    expect((await push('data', { repoRoot, remote: '../remote-ops' })).alreadyPresent).toBe(3);

    await rm(join(repoRoot, '.dvc/cache'), { recursive: true });
    await rm(join(repoRoot, 'data'), { recursive: true });
    const pulled = await pull('data', { repoRoot, remote: '../remote-ops' });
    expect(pulled.transferred).toHaveLength(3);
    expect(pulled.checkout.restored).toHaveLength(3);
    expect((await status('data', { repoRoot })).isClean).toBe(true);
    expect(await verifyCache({ repoRoot })).toMatchObject({ checked: 3, isIntact: true });

    const victim = objectPath(join(repoRoot, '.dvc/cache'), '9dd4e461268c8034f5c8564e155c67a6');
    await chmod(victim, 0o644);
    await writeFile(victim, 'not x');
    const report = await verifyCache({ repoRoot, targets: 'data' });
    expect(report.isIntact).toBe(false);
    expect(report.corrupted).toEqual([
      { oid: '9dd4e461268c8034f5c8564e155c67a6', path: victim, actualMd5: expect.any(String) },
    ]);
    await rm(join(repoRoot, 'data/x'));
    const error = await checkout('data', { repoRoot }).catch((caught: unknown) => caught);
    expect(CacheObjectCorruptedError.isInstance(error)).toBe(true);
    expect((error as CacheObjectCorruptedError).path).toBe(victim);
  });
});

describe('error classes of version', () => {
  const instances = [
    new CacheObjectCorruptedError({ oid: 'a', path: 'p', actualMd5: 'b' }),
    new CacheObjectMissingError({ oid: 'a', path: 'p', where: 'cache' }),
    new CheckoutConflictError({ paths: ['p'] }),
    new DvcFileFormatError({ message: 'm', path: 'p' }),
  ];
  const classes = [
    CacheObjectCorruptedError,
    CacheObjectMissingError,
    CheckoutConflictError,
    DvcFileFormatError,
  ];
  it.each(classes)('$errorName.isInstance rejects its siblings', (errorClass) => {
    for (const instance of instances) {
      expect(errorClass.isInstance(instance)).toBe(instance.name === errorClass.errorName);
    }
  });
});
