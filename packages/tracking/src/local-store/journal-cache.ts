import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { journalIoError, systemErrorCode } from '../journal/journal-error';
import { journalDirectoryOf, journalFileSuffix } from '../journal/journal-paths';
import { readJournal } from '../journal/journal-reader';
import type { JournalRecord } from '../journal/records';
import { RunIndex } from './run-index';

interface CachedJournal {
  sessionId: string;
  sizeBytes: number;
  mtimeMs: number;
  records: readonly JournalRecord[];
}

/**
 * Keeps the records of every journal file under `<directory>/journal/`, re-reading a file only
 * when its size or modification time changed, and the run index built from them.
 */
export class JournalCache {
  readonly #folder: string;
  readonly #files = new Map<string, CachedJournal>();
  #index: RunIndex | undefined;
  /** Refreshes run one after another, each started after its caller asked: reads see prior writes. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(directory: string) {
    this.#folder = journalDirectoryOf(directory);
  }

  /** The index of the journals as they are on disk now. */
  index(): Promise<RunIndex> {
    const refreshed = this.#queue.then(() => this.#refresh());
    this.#queue = refreshed.catch(() => undefined);
    return refreshed;
  }

  async #refresh(): Promise<RunIndex> {
    let names: string[];
    try {
      names = (await fsPromises.readdir(this.#folder)).filter((name) =>
        name.endsWith(journalFileSuffix),
      );
    } catch (error) {
      if (systemErrorCode(error) !== 'ENOENT') {
        throw journalIoError('list', this.#folder, 'list the journals in', error);
      }
      names = [];
    }
    let changed = this.#index === undefined;
    const present = new Set(names);
    for (const name of this.#files.keys()) {
      if (!present.has(name)) {
        this.#files.delete(name);
        changed = true;
      }
    }
    for (const name of names) {
      if (await this.#load(name)) changed = true;
    }
    if (changed || this.#index === undefined) {
      const sessions = [...this.#files.values()].sort(
        (left, right) =>
          startedAtMs(left) - startedAtMs(right) || (left.sessionId < right.sessionId ? -1 : 1),
      );
      this.#index = new RunIndex(sessions);
    }
    return this.#index;
  }

  /** Reads `name` when it changed; true when it did. */
  async #load(name: string): Promise<boolean> {
    const path = join(this.#folder, name);
    let stats: { size: number; mtimeMs: number };
    try {
      stats = await fsPromises.stat(path);
    } catch (error) {
      if (systemErrorCode(error) === 'ENOENT') return this.#files.delete(name);
      throw journalIoError('read', path, 'read the size of', error);
    }
    const cached = this.#files.get(name);
    if (cached?.sizeBytes === stats.size && cached.mtimeMs === stats.mtimeMs) return false;
    const { records } = await readJournal(path);
    this.#files.set(name, {
      sessionId: name.slice(0, -journalFileSuffix.length),
      sizeBytes: stats.size,
      mtimeMs: stats.mtimeMs,
      records,
    });
    return true;
  }
}

function startedAtMs(journal: CachedJournal): number {
  const first = journal.records[0];
  return first?.type === 'session-start' ? first.startedAtMs : Number.POSITIVE_INFINITY;
}
