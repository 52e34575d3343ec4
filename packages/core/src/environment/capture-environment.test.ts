import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureEnvironment, environmentTags } from './capture-environment';
import { stripCredentials } from './git-info';

let workspace: string;
const originalPath = process.env.PATH;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();
}

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'dagnostics-env-'));
  git('init', '--quiet', '--initial-branch=feature/drift');
  git('config', 'user.email', 'test@example.test');
  git('config', 'user.name', 'Test');
  git('remote', 'add', 'origin', 'https://alice:s3cret-token@git.example.test/team/pipeline.git');
  writeFileSync(join(workspace, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
  mkdirSync(join(workspace, 'node_modules', '@dagnostics', 'tracking'), { recursive: true });
  writeFileSync(
    join(workspace, 'node_modules', '@dagnostics', 'tracking', 'package.json'),
    JSON.stringify({ name: '@dagnostics/tracking', version: '9.8.7' }),
  );
  writeFileSync(join(workspace, '.gitignore'), 'node_modules\n');
  writeFileSync(join(workspace, 'train.ts'), 'export {};\n');
  git('add', '.');
  git('commit', '--quiet', '-m', 'init');
});

afterEach(() => {
  process.env.PATH = originalPath;
  rmSync(workspace, { recursive: true, force: true });
});

describe('captureEnvironment', () => {
  it('records git, lockfile, packages, Node and hardware facts', async () => {
    const snapshot = await captureEnvironment({ cwd: workspace, gpu: false });
    expect(snapshot.git?.commit).toBe(git('rev-parse', 'HEAD'));
    expect(snapshot.git?.branch).toBe('feature/drift');
    expect(snapshot.git?.dirty).toBe(false);
    expect(snapshot.git?.repoUrl).toBe('https://git.example.test/team/pipeline.git');
    const lockBytes = readFileSync(join(workspace, 'pnpm-lock.yaml'));
    expect(snapshot.lockfile?.sha256).toBe(createHash('sha256').update(lockBytes).digest('hex'));
    expect(snapshot.packages['@dagnostics/tracking']).toBe('9.8.7');
    expect(snapshot.packages['@dagnostics/core']).toMatch(/^\d+\.\d+\.\d+/);
    expect(snapshot.nodeVersion).toBe(process.version);
    expect(snapshot.cpu.count).toBeGreaterThan(0);
    expect(snapshot.memoryBytes).toBeGreaterThan(0);
    expect(snapshot.gpus).toEqual([]);
  });

  it('flags a dirty working tree', async () => {
    writeFileSync(join(workspace, 'train.ts'), 'export const changed = true;\n');
    const snapshot = await captureEnvironment({ cwd: workspace, gpu: false });
    expect(snapshot.git?.dirty).toBe(true);
  });

  it('works outside a repository', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'dagnostics-env-bare-'));
    try {
      const snapshot = await captureEnvironment({ cwd: bare, gpu: false });
      expect(snapshot.git).toBeUndefined();
      expect(environmentTags(snapshot)['mlflow.source.git.commit']).toBeUndefined();
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('reads GPUs from nvidia-smi when it is on PATH', async () => {
    // No GPU on CI machines: a stand-in nvidia-smi prints what the real one prints.
    const bin = join(workspace, 'fake-bin');
    mkdirSync(bin);
    const script = join(bin, 'nvidia-smi');
    writeFileSync(
      script,
      '#!/bin/sh\necho "NVIDIA H100 80GB HBM3, 81559, 580.65.06"\necho "NVIDIA H100 80GB HBM3, 81559, 580.65.06"\n',
    );
    chmodSync(script, 0o755);
    process.env.PATH = `${bin}:${originalPath}`;
    const snapshot = await captureEnvironment({ cwd: workspace });
    expect(snapshot.gpus).toEqual([
      { name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, driverVersion: '580.65.06' },
      { name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, driverVersion: '580.65.06' },
    ]);
    const tags = environmentTags(snapshot);
    expect(tags['dagnostics.env.gpu_count']).toBe('2');
    expect(tags['dagnostics.env.gpu']).toContain('NVIDIA H100 80GB HBM3 (81559 MiB');
  });
});

describe('environmentTags', () => {
  it('uses MLflow source tags and never leaks credentials', async () => {
    const tags = environmentTags(await captureEnvironment({ cwd: workspace, gpu: false }));
    expect(tags['mlflow.source.git.commit']).toMatch(/^[0-9a-f]{40}$/);
    expect(tags['mlflow.source.git.branch']).toBe('feature/drift');
    expect(tags['dagnostics.env.git_dirty']).toBe('false');
    expect(JSON.stringify(tags)).not.toContain('s3cret-token');
    for (const value of Object.values(tags)) expect(typeof value).toBe('string');
  });

  it('strips credentials but keeps scp-style remotes', () => {
    expect(stripCredentials('https://token@host.test/a.git')).toBe('https://host.test/a.git');
    expect(stripCredentials('git@host.test:org/repo.git')).toBe('git@host.test:org/repo.git');
  });
});
