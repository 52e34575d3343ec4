import { runCommand } from './run-command';

/** One GPU as `nvidia-smi` reports it. */
export interface GpuInfo {
  /** Marketing name, e.g. `NVIDIA H100 80GB HBM3`. */
  name: string;
  /** Total memory in MiB. */
  memoryMiB: number;
  /** Driver version. */
  driverVersion: string;
}

/** Lists NVIDIA GPUs through `nvidia-smi`; an empty list when it is absent or fails. */
export async function readGpus(options: {
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<GpuInfo[]> {
  const output = await runCommand(
    'nvidia-smi',
    ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader,nounits'],
    options,
  );
  if (output === undefined || output === '') return [];
  return output
    .split('\n')
    .map((line) => line.split(',').map((field) => field.trim()))
    .filter((fields) => fields.length >= 3)
    .map(([name = '', memory = '', driverVersion = '']) => ({
      name,
      memoryMiB: Number(memory),
      driverVersion,
    }));
}
