import { appendFile, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Characters gitignore treats as pattern syntax; DVC backslash-escapes them.
const gitignoreSpecial = new Set(['\\', '[', ']', '!', '*', '#', '?']);

/** The `.gitignore` line DVC writes for a tracked path: `/name`, special characters escaped. */
export function gitignoreEntry(name: string): string {
  let escaped = '';
  for (const character of name) {
    escaped += gitignoreSpecial.has(character) ? `\\${character}` : character;
  }
  return `/${escaped}`;
}

/**
 * Adds `/name` to the `.gitignore` beside `path`, as `dvc add` does: appended on a line of
 * its own (after a newline if the file does not end with one), and not repeated when the
 * line is already there. Returns the `.gitignore` path.
 */
export async function ignoreInGit(path: string): Promise<string> {
  const gitignore = join(dirname(path), '.gitignore');
  const line = `${gitignoreEntry(basename(path))}\n`;
  let current = '';
  try {
    current = await readFile(gitignore, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const lines = current.split('\n').map((existing) => `${existing}\n`);
  const prefix = current === '' || current.endsWith('\n') ? '' : '\n';
  if (!lines.includes(line)) await appendFile(gitignore, `${prefix}${line}`, 'utf8');
  return gitignore;
}
