import { runCommand } from './run-command';

/** What git says about the working tree a run starts from. */
export interface GitInfo {
  /** Full commit hash of HEAD. */
  commit: string;
  /** Current branch, or undefined on a detached HEAD. */
  branch: string | undefined;
  /** True when tracked or untracked (not ignored) files differ from HEAD. */
  dirty: boolean;
  /** `origin` remote with any credentials removed, when there is one. */
  repoUrl: string | undefined;
  /** Absolute path of the repository root. */
  root: string;
}

/** Reads git facts for `cwd`; undefined outside a repository or without git. */
export async function readGitInfo(
  cwd: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<GitInfo | undefined> {
  const run = (...args: string[]) => runCommand('git', args, { cwd, ...options });
  const root = await run('rev-parse', '--show-toplevel');
  if (root === undefined) return undefined;
  const [commit, branch, status, remote] = await Promise.all([
    run('rev-parse', 'HEAD'),
    run('symbolic-ref', '--quiet', '--short', 'HEAD'),
    run('status', '--porcelain', '--untracked-files=normal'),
    run('config', '--get', 'remote.origin.url'),
  ]);
  if (commit === undefined) return undefined;
  return {
    commit,
    branch: branch === '' ? undefined : branch,
    dirty: status !== undefined && status.length > 0,
    repoUrl: remote === undefined || remote === '' ? undefined : stripCredentials(remote),
    root,
  };
}

/** Removes `user:password@` from an URL so that tokens never reach a tracking server. */
export function stripCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // scp-like `git@host:org/repo.git` has no password to hide.
    return url;
  }
}
