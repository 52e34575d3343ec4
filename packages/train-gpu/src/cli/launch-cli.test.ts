import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLaunchCli } from './launch-cli';

describe('dagnostics-train-launch', () => {
  const folder = mkdtempSync(join(tmpdir(), 'launch-cli-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const capture = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    return {
      lines,
      out: (line: string) => lines.out.push(line),
      err: (line: string) => lines.err.push(line),
    };
  };

  it('launches the ranks of the command after -- with the store given', async () => {
    const log = join(folder, 'ranks.log');
    const worker = join(folder, 'worker.mjs');
    writeFileSync(
      worker,
      `import { appendFileSync } from 'node:fs';
       appendFileSync(process.argv[2], process.env.DAGNOSTICS_RANK + ' ' + process.env.DAGNOSTICS_STORE + ' ' + process.env.DAGNOSTICS_DIST_BACKEND + '\\n');`,
    );
    const io = capture();
    const code = await runLaunchCli(
      [
        '--nproc',
        '2',
        '--store',
        'tcp://127.0.0.1:29533',
        '--backend',
        'gloo',
        '--quiet',
        '--',
        process.execPath,
        worker,
        log,
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.lines.out.at(-1)).toMatch(/^dagnostics-train-launch: 2 ranks finished in /);
    expect(readFileSync(log, 'utf8').trim().split('\n').sort()).toEqual([
      '0 tcp://127.0.0.1:29533 gloo',
      '1 tcp://127.0.0.1:29533 gloo',
    ]);
  });

  it('exits 1 and says which rank failed', async () => {
    const worker = join(folder, 'fail.mjs');
    writeFileSync(worker, "if (process.env.DAGNOSTICS_RANK === '0') process.exit(4);");
    const io = capture();
    const code = await runLaunchCli(
      ['--nproc', '2', '--quiet', '--', process.execPath, worker],
      io,
    );
    expect(code).toBe(1);
    expect(io.lines.err.join('\n')).toMatch(/Rank 0 of 2 failed \(exit code 4\)/);
  });

  it.each([
    [['--', 'node']],
    [['--nproc', '0', '--', 'node']],
    [['--nproc', '2']],
    [['--nproc', '2', '--backend', 'mpi', '--', 'node']],
    [['--nproc', '2', '--store', 'redis://x', '--', 'node']],
    [['--nproc', '2', '--unknown', '--', 'node']],
  ])('exits 2 with the usage on %j', async (argv) => {
    const io = capture();
    expect(await runLaunchCli(argv, io)).toBe(2);
    expect(io.lines.err.join('\n')).toContain('Usage: dagnostics-train-launch');
  });

  it('prints the usage for --help', async () => {
    const io = capture();
    expect(await runLaunchCli(['--help'], io)).toBe(0);
    expect(io.lines.out[0]).toMatch(/^Usage: dagnostics-train-launch --nproc <N>/);
  });
});
