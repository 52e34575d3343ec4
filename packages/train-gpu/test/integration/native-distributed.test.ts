/**
 * Data-parallel native training: `launchDistributed()` starts two rank processes that train
 * through libtorch with a Gloo process group (FileStore or TCPStore rendezvous), splitting
 * every global batch and all-reducing the gradients. Both ranks end with the same weights,
 * equal within 1e-5 to one process training the same global batches; a rank with other data
 * and a rank killed mid-run make the others fail with a typed error, not hang.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import { launchDistributed } from '../../src/distributed/launch';
import { DistributedLaunchError } from '../../src/errors';
import type { ModelWeights } from '../../src/model/types';
import { loadNative } from '../../src/native/load-native';
import { trainNative } from '../../src/native/native-trainer';
import { addonMissingReason, addonNeed, maxWeightDifference } from './fixtures/native-addon';
import {
  type DistributedCase,
  distributedSettings,
  weightsFromJson,
} from './fixtures/native-distributed-settings';

const packageDir = resolve(import.meta.dirname, '../..');
const rankScript = join(import.meta.dirname, 'fixtures/native-distributed-rank.ts');

interface RankOutput {
  readonly weights?: ModelWeights;
  readonly epochLosses?: number[];
  readonly trainedEpochs?: number;
  readonly error?: { readonly name: string; readonly message: string };
}

function readRank(folder: string, rank: number): RankOutput {
  const json = JSON.parse(readFileSync(join(folder, `rank-${String(rank)}.json`), 'utf8')) as {
    weights?: unknown;
    epochLosses?: number[];
    trainedEpochs?: number;
    error?: { name: string; message: string };
  };
  return {
    ...(json.weights === undefined ? {} : { weights: weightsFromJson(json.weights) }),
    ...(json.epochLosses === undefined ? {} : { epochLosses: json.epochLosses }),
    ...(json.trainedEpochs === undefined ? {} : { trainedEpochs: json.trainedEpochs }),
    ...(json.error === undefined ? {} : { error: json.error }),
  };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const glooMissing =
  addonMissingReason ??
  (loadNative().version().distributed.gloo
    ? undefined
    : 'the addon was built without Gloo headers: apt-get install libgloo-dev, then rebuild with packages/train-gpu/scripts/build-native.sh');

describeWithPrerequisite(
  'native data-parallel training over Gloo (two processes)',
  `${addonNeed}, with Gloo`,
  glooMissing,
  () => {
    const folders: string[] = [];
    afterAll(() => {
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    });
    const newFolder = (): string => {
      const folder = mkdtempSync(join(tmpdir(), 'train-gpu-dist-'));
      folders.push(folder);
      return folder;
    };
    const launch = (
      name: DistributedCase,
      folder: string,
      mode?: 'mismatch' | 'kill' | 'checkpoint' | 'checkpoint-kill' | 'resume',
      extra: Record<string, unknown> = {},
    ) =>
      launchDistributed({
        worldSize: 2,
        args: [
          '--conditions=@dagnostics/source',
          '--import',
          'tsx',
          rankScript,
          name,
          folder,
          ...(mode === undefined ? [] : [mode]),
        ],
        cwd: packageDir,
        output: 'ignore',
        ...extra,
      });

    it.each([
      ['mlp-adam', 'file'],
      ['text-sgd', 'tcp'],
    ] as const)(
      '%s over a %s store: both ranks equal, and equal to one process within 1e-5',
      async (name, storeKind) => {
        const folder = newFolder();
        const store =
          storeKind === 'tcp'
            ? { kind: 'tcp' as const, host: '127.0.0.1', port: await freePort() }
            : undefined;
        const launched = await launch(
          name,
          folder,
          undefined,
          store === undefined ? {} : { store },
        );
        expect(launched.ranks.map((rank) => rank.code)).toEqual([0, 0]);
        const [first, second] = [readRank(folder, 0), readRank(folder, 1)];
        if (first.weights === undefined || second.weights === undefined) {
          throw new Error(`a rank failed: ${JSON.stringify([first.error, second.error])}`);
        }
        // All-reduced gradients and the same optimizer: identical bits on both ranks.
        expect(maxWeightDifference(first.weights, second.weights)).toBe(0);
        expect(second.epochLosses).toEqual(first.epochLosses);

        // One process on the same global batches.
        const settings = distributedSettings(name);
        const single = await trainNative(settings);
        const difference = maxWeightDifference(first.weights, single.weights);
        expect(difference).toBeLessThanOrEqual(1e-5);
        // It trained: the weights moved far more than the tolerance.
        expect(maxWeightDifference(single.weights, settings.weights)).toBeGreaterThan(1e-2);
        first.epochLosses?.forEach((loss, epoch) => {
          expect(loss).toBeCloseTo(single.epochLosses[epoch] as number, 5);
        });
      },
      60_000,
    );

    it('fails every rank with a typed error when one rank has other data', async () => {
      const folder = newFolder();
      const failure = await launch('mlp-adam', folder, 'mismatch').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DistributedLaunchError);
      for (const rank of [0, 1]) {
        const output = readRank(folder, rank);
        expect(output.error).toMatchObject({
          name: 'DagnosticsDistributedTrainingError',
          message: expect.stringMatching(/1 of 2 ranks were given other data or settings/),
        });
      }
    }, 60_000);

    it('fails the survivor with a typed error when a rank is SIGKILLed mid-run', async () => {
      const folder = newFolder();
      const failure = await launch('mlp-adam', folder, 'kill', { killAfterMs: 40_000 }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(DistributedLaunchError);
      const ranks = (failure as DistributedLaunchError).ranks;
      expect(ranks[1]?.signal).toBe('SIGKILL');
      expect(ranks[0]?.code).toBe(3);
      expect((failure as Error).message).toMatch(/^Rank 1 of 2 failed \(signal SIGKILL\)/);
      const survivor = readRank(folder, 0);
      expect(survivor.error).toMatchObject({
        name: 'DagnosticsDistributedTrainingError',
        message: expect.stringMatching(/^Rank 0 of 2: all-reduce failed: /),
      });
    }, 60_000);

    it('resumes every rank from the checkpoint after a rank is killed, to the same weights', async () => {
      // Uninterrupted: two ranks, a checkpoint after every epoch.
      const straight = newFolder();
      await launch('text-long', straight, 'checkpoint');
      const expected = readRank(straight, 0);
      if (expected.weights === undefined) throw new Error(JSON.stringify(expected.error));

      // Killed: rank 1 dies after epoch 0, rank 0 fails; rank 0's last checkpoint stays.
      const folder = newFolder();
      const killed = await launch('text-long', folder, 'checkpoint-kill', {
        killAfterMs: 40_000,
      }).catch((error: unknown) => error);
      expect(killed).toBeInstanceOf(DistributedLaunchError);
      expect((killed as DistributedLaunchError).ranks[1]?.signal).toBe('SIGKILL');

      // Relaunched from the checkpoint: the rest of the epochs, the same weights, bit for bit.
      await launch('text-long', folder, 'resume');
      const resumed = [readRank(folder, 0), readRank(folder, 1)];
      for (const output of resumed) {
        if (output.weights === undefined) throw new Error(JSON.stringify(output.error));
        expect(maxWeightDifference(output.weights, expected.weights)).toBe(0);
        expect(output.epochLosses).toEqual(expected.epochLosses);
        // It resumed mid-run: fewer epochs than the whole run, more than none.
        expect(output.trainedEpochs).toBeGreaterThan(0);
        expect(output.trainedEpochs).toBeLessThan(6);
      }
    }, 120_000);
  },
);
