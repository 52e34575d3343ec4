import { describe, expect, it } from 'vitest';
import { createConsoleTransport, createLineageEmitter, type RunEvent } from '../index';

describe('createConsoleTransport', () => {
  it('writes each event as one line of JSON', async () => {
    const lines: string[] = [];
    const transport = createConsoleTransport({ write: (line) => lines.push(line) });
    const run = await createLineageEmitter({ transport }, { env: {} }).start('job');
    await run.abort();
    expect(lines.map((line) => (JSON.parse(line) as RunEvent).eventType)).toEqual([
      'START',
      'ABORT',
    ]);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });
});
