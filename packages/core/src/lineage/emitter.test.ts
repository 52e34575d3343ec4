import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error';
import { ConfigError, DagnosticsError } from '../errors';
import {
  createLineageEmitter,
  createRunId,
  LineageEventError,
  type LineageTransport,
  LineageTransportError,
  type RunEvent,
} from './index';

function memoryTransport(): LineageTransport & { events: RunEvent[] } {
  const events: RunEvent[] = [];
  return {
    kind: 'memory',
    events,
    async emit(event) {
      events.push(event);
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('createLineageEmitter', () => {
  it('rejects an invalid event with LineageEventError and sends nothing', async () => {
    const transport = memoryTransport();
    const lineage = createLineageEmitter({ transport }, { env: {} });

    const badRunId = await rejection(lineage.start('job', { runId: 'run-1' }));
    expect(LineageEventError.isInstance(badRunId)).toBe(true);
    expect((badRunId as LineageEventError).field).toBe('run.runId');

    const badInput = await rejection(
      lineage.start('job', { inputs: [{ namespace: 'file', name: 42 as unknown as string }] }),
    );
    expect((badInput as LineageEventError).field).toBe('inputs[0].name');
    expect((badInput as LineageEventError).message).toContain('nothing was sent');

    const badRaw = await rejection(lineage.emit({ eventTime: 'now' } as unknown as RunEvent));
    expect(LineageEventError.isInstance(badRaw)).toBe(true);
    expect(transport.events).toEqual([]);
  });

  it('fills producer, schemaURL, namespace and a UUID v7 run ID', async () => {
    const transport = memoryTransport();
    const lineage = createLineageEmitter(
      { transport },
      { env: { OPENLINEAGE_NAMESPACE: 'from-env' } },
    );
    const run = await lineage.start('train');
    const [event] = transport.events;
    expect(event).toMatchObject({
      eventType: 'START',
      producer: 'https://www.npmjs.com/package/@dagnostics/core/v/0.1.0',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      job: { namespace: 'from-env', name: 'train' },
      run: { runId: run.runId },
    });
    expect(run.runId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Date.parse(event?.eventTime ?? '')).not.toBeNaN();
  });

  it('lets one run end once, and still take OTHER events afterwards', async () => {
    const transport = memoryTransport();
    const run = await createLineageEmitter({ transport }, { env: {} }).start('job');
    await run.complete();
    const again = await rejection(run.fail(new Error('late')));
    expect(LineageEventError.isInstance(again)).toBe(true);
    expect((again as LineageEventError).field).toBe('eventType');
    await run.other();
    expect(transport.events.map((event) => event.eventType)).toEqual([
      'START',
      'COMPLETE',
      'OTHER',
    ]);
  });

  it('does not mark a run ended when its terminal event could not be sent', async () => {
    let failNext = true;
    const transport: LineageTransport = {
      kind: 'flaky',
      async emit(event) {
        if (event.eventType === 'COMPLETE' && failNext) {
          failNext = false;
          throw new LineageTransportError({ message: 'down', transport: 'flaky' });
        }
      },
    };
    const run = await createLineageEmitter({ transport }, { env: {} }).start('job');
    await expect(run.complete()).rejects.toThrow('down');
    await expect(run.complete()).resolves.toMatchObject({ eventType: 'COMPLETE' });
  });

  it('reports a FAIL with the error message and stack', async () => {
    const transport = memoryTransport();
    const run = await createLineageEmitter({ transport }, { env: {} }).start('job');
    const event = await run.fail('plain text failure');
    expect(event.run.facets?.errorMessage).toMatchObject({
      message: 'plain text failure',
      programmingLanguage: 'JavaScript',
    });
    const withStack = await (
      await createLineageEmitter({ transport }, { env: {} }).start('job')
    ).fail(new TypeError('typed'));
    expect(withStack.run.facets?.errorMessage?.stackTrace).toContain('TypeError: typed');
  });

  it('rejects a missing transport or a bad producer with ConfigError', () => {
    const noTransport = catchError(() =>
      createLineageEmitter({} as unknown as { transport: LineageTransport }, { env: {} }),
    );
    expect(ConfigError.isInstance(noTransport)).toBe(true);
    expect((noTransport as ConfigError).option).toBe('transport');
    const badProducer = catchError(() =>
      createLineageEmitter({ transport: memoryTransport(), producer: 'me' }, { env: {} }),
    );
    expect((badProducer as ConfigError).option).toBe('producer');
  });
});

describe('createRunId', () => {
  it('encodes the time so that IDs sort by creation time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        (earlier, later) => {
          fc.pre(earlier < later);
          const first = createRunId(earlier);
          expect(Number.parseInt(first.replace('-', '').slice(0, 12), 16)).toBe(earlier);
          expect(first < createRunId(later)).toBe(true);
        },
      ),
    );
  });
});

describe('lineage errors', () => {
  it('are DagnosticsErrors whose isInstance rejects the sibling', () => {
    const eventError = new LineageEventError({ message: 'bad', field: 'run.runId' });
    const transportError = new LineageTransportError({
      message: 'down',
      transport: 'http',
      status: 503,
      isRetryable: true,
    });
    expect(DagnosticsError.isInstance(eventError)).toBe(true);
    expect(DagnosticsError.isInstance(transportError)).toBe(true);
    expect(LineageEventError.isInstance(transportError)).toBe(false);
    expect(LineageTransportError.isInstance(eventError)).toBe(false);
    expect(eventError).toMatchObject({
      name: 'DagnosticsLineageEventError',
      code: 'LINEAGE_EVENT_INVALID',
    });
    expect(transportError.toJSON()).toMatchObject({
      name: 'DagnosticsLineageTransportError',
      code: 'LINEAGE_TRANSPORT_FAILED',
      status: 503,
      isRetryable: true,
    });
  });
});
