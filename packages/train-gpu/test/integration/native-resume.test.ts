/**
 * Kill and resume: a child process trains natively with a checkpoint after every epoch and
 * is SIGKILLed (its whole process group) right after the 2nd checkpoint's progress event; a
 * second run resumes from the checkpoint left on disk, and its final weights equal, bit for
 * bit, those of an uninterrupted run with the same seed and settings.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import type { NativeEpoch } from '../../src/native/native-addon';
import { trainNative } from '../../src/native/native-trainer';
import { addonMissingReason, addonNeed } from './fixtures/native-addon';
import { resumeEpochs, resumeSettings } from './fixtures/native-resume-settings';

const packageDir = resolve(import.meta.dirname, '../..');
const fixture = join(import.meta.dirname, 'fixtures/native-resume-train.ts');

/** Runs the fixture; kills its process group at the first event with `checkpointed` epoch 1. */
function trainAndKill(checkpoint: string): Promise<{ lines: unknown[]; signal: string | null }> {
  return new Promise((done, fail) => {
    const child: ChildProcess = spawn(
      'pnpm',
      ['exec', 'tsx', '--conditions=@dagnostics/source', fixture, checkpoint],
      { cwd: packageDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: unknown[] = [];
    let pending = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = JSON.parse(pending.slice(0, newline)) as Partial<NativeEpoch>;
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
        lines.push(line);
        if (line.epoch === 1 && line.checkpointed === true && child.pid !== undefined) {
          process.kill(-child.pid, 'SIGKILL');
        }
      }
    });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (signal === null && code !== 0) fail(new Error(`child exited ${String(code)}: ${stderr}`));
      else done({ lines, signal });
    });
  });
}

describeWithPrerequisite(
  'native training: checkpoints survive a SIGKILL and resume to the same weights',
  addonNeed,
  addonMissingReason,
  () => {
    const folder = mkdtempSync(join(tmpdir(), 'train-gpu-resume-'));
    afterAll(() => {
      rmSync(folder, { recursive: true, force: true });
    });

    it('resumes from the last checkpoint bit for bit', async () => {
      const checkpoint = join(folder, 'run.ckpt');
      const killed = await trainAndKill(checkpoint);
      // Killed mid-training: it reported epochs 0 and 1 but never finished.
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.lines.slice(0, 2)).toEqual([
        expect.objectContaining({ epoch: 0, checkpointed: true }),
        expect.objectContaining({ epoch: 1, checkpointed: true }),
      ]);
      expect(killed.lines).not.toContainEqual({ done: true });
      expect(killed.lines.length).toBeLessThan(resumeEpochs);
      expect(existsSync(checkpoint)).toBe(true);

      const resumedEpochs: number[] = [];
      const resumed = await trainNative({
        ...resumeSettings(),
        resumeFrom: checkpoint,
        onEpoch: (record) => resumedEpochs.push(record.epoch),
      });
      const uninterrupted = await trainNative(resumeSettings());
      // The resumed run trained only the epochs after the checkpoint (2 or a later one).
      expect(resumedEpochs.length).toBeGreaterThan(0);
      expect(resumedEpochs[0]).toBeGreaterThanOrEqual(2);
      expect(resumedEpochs.at(-1)).toBe(resumeEpochs - 1);
      // Bit for bit: same parameters, optimizer state, epoch and batch order.
      expect(resumed.weights.embedding).toEqual(uninterrupted.weights.embedding);
      expect(resumed.weights.layers).toEqual(uninterrupted.weights.layers);
      expect(resumed.epochLosses).toEqual(uninterrupted.epochLosses);
      expect(resumed.weights.embedding).not.toEqual(resumeSettings().weights.embedding);
    });

    it('checkpoints every N epochs atomically and refuses a checkpoint past the run', async () => {
      const checkpoint = join(folder, 'every-two.ckpt');
      const events: NativeEpoch[] = [];
      await trainNative({
        ...resumeSettings(),
        epochs: 4,
        checkpoint: { path: checkpoint, every: 2 },
        onEpoch: (record) => events.push(record),
      });
      expect(events.map((record) => record.checkpointed)).toEqual([false, true, false, true]);
      // No temporary file is left beside the checkpoint.
      expect(readdirSync(folder).filter((name) => name.startsWith('every-two'))).toEqual([
        'every-two.ckpt',
      ]);
      // The checkpoint is at epoch 4 of 4: resuming trains nothing and returns it as is.
      const again: number[] = [];
      const finished = await trainNative({
        ...resumeSettings(),
        epochs: 4,
        resumeFrom: checkpoint,
        onEpoch: (record) => again.push(record.epoch),
      });
      expect(again).toEqual([]);
      expect(finished.epochLosses).toHaveLength(4);
      // A checkpoint beyond the run's epochs is refused.
      await expect(
        trainNative({ ...resumeSettings(), epochs: 3, resumeFrom: checkpoint }),
      ).rejects.toThrow(/outside this run's 3 epochs/);
    });
  },
);
