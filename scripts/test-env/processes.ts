import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';

/** A process seen in the process table. */
export interface ProcessEntry {
  pid: number;
  /** Process group id: the setup spawns every server as the leader of its own group. */
  processGroupId: number;
  /** Full command line, arguments joined by spaces. */
  commandLine: string;
}

/** A detached child started by {@link spawnDetached}. */
export interface DetachedProcess {
  name: string;
  pid: number;
  /** Equal to `pid`: the child leads its own process group. */
  processGroupId: number;
  /** True once the child has exited. */
  hasExited(): boolean;
}

/** Options for {@link spawnDetached}. */
export interface SpawnDetachedOptions {
  name: string;
  command: string;
  args: readonly string[];
  /** The complete environment of the child. */
  environment: NodeJS.ProcessEnv;
  /** Working directory of the child. */
  cwd: string;
  /** stdout and stderr are appended to this file. */
  logFile: string;
}

/**
 * Starts a child in its own process group (detached), with output going to a log file.
 *
 * A separate group means a Ctrl-C in the terminal does not hit the servers directly (the setup
 * stops them in order) and one `kill(-pgid)` reaches the workers they fork.
 */
export function spawnDetached(options: SpawnDetachedOptions): DetachedProcess {
  const logDescriptor = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.environment,
      detached: true,
      stdio: ['ignore', logDescriptor, logDescriptor],
    });
  } finally {
    closeSync(logDescriptor);
  }
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // Spawn failures (a missing executable) arrive as an event; without a listener they crash.
  child.once('error', () => {
    exited = true;
  });
  const { pid } = child;
  if (pid === undefined) {
    throw new Error(`could not start ${options.name}: ${options.command} did not get a process id`);
  }
  // The setup stops its servers itself; a reference would only keep a broken run hanging.
  child.unref();
  return { name: options.name, pid, processGroupId: pid, hasExited: () => exited };
}

const hasProcFileSystem = process.platform === 'linux' && existsSync('/proc/self/stat');

interface ProcStat {
  state: string;
  processGroupId: number;
}

function readProcStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const processGroupId = Number(fields[2]);
    if (state === undefined || !Number.isFinite(processGroupId)) return undefined;
    return { state, processGroupId };
  } catch {
    return undefined;
  }
}

function readCommandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/**
 * Live processes (zombies excluded: they are dead, merely not yet reaped by their parent).
 * Reads `/proc` on Linux and falls back to `ps` elsewhere.
 */
export function listProcesses(): ProcessEntry[] {
  if (hasProcFileSystem) {
    const entries: ProcessEntry[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      const stat = readProcStat(pid);
      if (stat === undefined || stat.state === 'Z' || stat.state === 'X') continue;
      entries.push({ pid, processGroupId: stat.processGroupId, commandLine: readCommandLine(pid) });
    }
    return entries;
  }
  const output = execFileSync('ps', ['-axo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return output.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match === null || match[3]?.startsWith('Z')) return [];
    return [
      { pid: Number(match[1]), processGroupId: Number(match[2]), commandLine: match[4] ?? '' },
    ];
  });
}

/** Whether a process (not a zombie) with this id exists. */
export function isProcessAlive(pid: number): boolean {
  if (hasProcFileSystem) {
    const stat = readProcStat(pid);
    return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Live members of a process group. */
export function listProcessGroup(processGroupId: number): ProcessEntry[] {
  return listProcesses().filter((entry) => entry.processGroupId === processGroupId);
}

/** The command line of a live process, or undefined when it is gone. */
export function commandLineOf(pid: number): string | undefined {
  if (hasProcFileSystem) return isProcessAlive(pid) ? readCommandLine(pid) : undefined;
  return listProcesses().find((entry) => entry.pid === pid)?.commandLine;
}

/**
 * Processes whose environment contains `name=value` exactly (Linux only; elsewhere none).
 * Catches children that left their process group, since the environment is inherited.
 */
export function findProcessesWithEnvironment(name: string, value: string): ProcessEntry[] {
  if (!hasProcFileSystem) return [];
  const marker = `${name}=${value}`;
  return listProcesses().filter((entry) => {
    if (entry.pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${entry.pid}/environ`, 'utf8').split('\0').includes(marker);
    } catch {
      return false;
    }
  });
}

function signalGroup(processGroupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-processGroupId, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Sends SIGTERM to each process group without waiting, so slow cleanup that follows (dropping
 * databases) overlaps with the servers' shutdown; finish with {@link stopProcessGroups}.
 */
export function terminateProcessGroups(processGroupIds: readonly number[]): void {
  for (const id of processGroupIds) signalGroup(id, 'SIGTERM');
}

function groupIsAlive(processGroupId: number): boolean {
  return listProcessGroup(processGroupId).length > 0;
}

/** Result of stopping process groups. */
export interface StopResult {
  /** Groups that ignored SIGTERM for the whole grace period and got SIGKILL. */
  killed: number[];
  /** Groups still alive after SIGKILL (should never happen). */
  survivors: number[];
}

const pollIntervalMs = 100;

/**
 * Sends SIGTERM to each process group, waits up to `graceMs` for them to exit, then SIGKILLs
 * the rest. Polls on the event loop, so Node reaps the exited children meanwhile.
 */
export async function stopProcessGroups(
  processGroupIds: readonly number[],
  graceMs = 5_000,
): Promise<StopResult> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (const id of processGroupIds) signalGroup(id, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (processGroupIds.some(groupIsAlive) && Date.now() < deadline) await sleep(pollIntervalMs);
  const killed = processGroupIds.filter(groupIsAlive);
  for (const id of killed) signalGroup(id, 'SIGKILL');
  const killDeadline = Date.now() + 2_000;
  while (killed.some(groupIsAlive) && Date.now() < killDeadline) await sleep(pollIntervalMs);
  return { killed, survivors: killed.filter(groupIsAlive) };
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Blocking twin of {@link stopProcessGroups} for `exit` and signal handlers, where no more
 * event-loop turns are coming. Zombies count as gone, so unreaped children do not stall it.
 */
export function stopProcessGroupsSync(
  processGroupIds: readonly number[],
  graceMs = 5_000,
): StopResult {
  for (const id of processGroupIds) signalGroup(id, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (processGroupIds.some(groupIsAlive) && Date.now() < deadline) sleepSync(pollIntervalMs);
  const killed = processGroupIds.filter(groupIsAlive);
  for (const id of killed) signalGroup(id, 'SIGKILL');
  const killDeadline = Date.now() + 2_000;
  while (killed.some(groupIsAlive) && Date.now() < killDeadline) sleepSync(pollIntervalMs);
  return { killed, survivors: killed.filter(groupIsAlive) };
}

/** SIGKILLs single processes (used for leaked processes found outside their group). */
export function killProcesses(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}
