import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error';
import {
  createLineageEmitter,
  facetSchemaUrls,
  LineageEventError,
  type LineageTransport,
  type RunEvent,
  runEventSchemaUrl,
  validateRunEvent,
} from './index';

// The official JSON Schemas (spec 2-0-2), copied verbatim; see the fixture folder's README.
const specFolder = new URL('../../test/__fixtures__/openlineage-spec/', import.meta.url);

function readSchema(relativePath: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(relativePath, specFolder), 'utf8')) as Record<
    string,
    unknown
  >;
}

function createSpecValidator() {
  // `example` is not a JSON Schema keyword; strict mode would reject the spec for it.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(readSchema('OpenLineage.json'));
  for (const file of readdirSync(new URL('facets/', specFolder))) {
    ajv.addSchema(readSchema(`facets/${file}`));
  }
  return ajv;
}

type Facet = { _producer: string; _schemaURL: string };

function facetsOf(event: RunEvent): Array<[string, Facet]> {
  const maps: Array<Record<string, unknown> | undefined> = [event.run.facets, event.job.facets];
  for (const dataset of event.inputs ?? []) maps.push(dataset.facets, dataset.inputFacets);
  for (const dataset of event.outputs ?? []) maps.push(dataset.facets, dataset.outputFacets);
  return maps.flatMap((map) => Object.entries(map ?? {}) as Array<[string, Facet]>);
}

async function emitEveryEventType(): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const transport: LineageTransport = {
    kind: 'memory',
    async emit(event) {
      events.push(structuredClone(event));
    },
  };
  const producer = 'https://github.com/dagnostics/dagnostics/tree/v0.1.0/packages/core';
  const lineage = createLineageEmitter({ transport, namespace: 'churn', producer });
  const input = {
    namespace: 'file',
    name: 'data/train.csv',
    version: '1c6e5c4b9a1f0d0e2d54c1e5b4b2a3f1',
    schema: [
      { name: 'customer_id', type: 'string', ordinal_position: 1 },
      { name: 'tenure_months', type: 'int64', description: 'months as a customer' },
      { name: 'address', type: 'struct', fields: [{ name: 'city', type: 'string' }] },
    ],
    dataQualityMetrics: {
      rowCount: 1000,
      bytes: 52_311,
      columnMetrics: {
        tenure_months: { nullCount: 0, min: 0, max: 72, quantiles: { '0.5': 29 } },
      },
    },
    dataQualityAssertions: [
      { assertion: 'not_null', success: true, column: 'customer_id' },
      { assertion: 'row_count', success: false, expected: '1001', actual: '1000' },
    ],
  };
  const output = {
    namespace: 's3://models',
    name: 'churn/model.onnx',
    version: 'f00dfeedf00dfeedf00dfeedf00dfeed',
    outputStatistics: { rowCount: 1, size: 4096, fileCount: 1 },
  };
  const pipeline = await lineage.start('pipeline');
  const train = await lineage.start(
    {
      name: 'train',
      jobType: { processingType: 'BATCH', integration: 'DAGNOSTICS', jobType: 'MODEL' },
    },
    {
      parent: pipeline,
      nominalTime: {
        start: new Date('2026-01-01T00:00:00Z'),
        end: new Date('2026-01-02T00:00:00Z'),
      },
      inputs: [input],
    },
  );
  await train.running({ inputs: [input] });
  await train.complete({ inputs: [input], outputs: [output] });
  await train.other({ outputs: [output] });
  const evaluate = await lineage.start('evaluate', { parent: train });
  await evaluate.fail(new Error('metric gate failed: auc 0.61 < 0.7'));
  await pipeline.abort();
  return events;
}

describe('emitted events against the official OpenLineage JSON Schema 2-0-2', () => {
  let ajv: ReturnType<typeof createSpecValidator>;
  let events: RunEvent[];

  beforeAll(async () => {
    ajv = createSpecValidator();
    events = await emitEveryEventType();
  });

  it('uses a schema of draft 2020-12 whose $id names the spec version we claim', () => {
    const spec = readSchema('OpenLineage.json');
    expect(spec.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(runEventSchemaUrl.startsWith(String(spec.$id))).toBe(true);
  });

  it('emits every event type', () => {
    expect(new Set(events.map((event) => event.eventType))).toEqual(
      new Set(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER']),
    );
  });

  it('validates every event against OpenLineage.json', () => {
    const validate = ajv.getSchema('https://openlineage.io/spec/2-0-2/OpenLineage.json');
    expect(validate).toBeDefined();
    for (const event of events) {
      const valid = validate?.(event);
      expect(validate?.errors ?? [], `${event.eventType} ${event.job.name}`).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('points schemaURL at the RunEvent definition, which the event satisfies', () => {
    const validate = ajv.getSchema(runEventSchemaUrl);
    expect(validate).toBeDefined();
    for (const event of events) {
      expect(event.schemaURL).toBe(runEventSchemaUrl);
      expect(validate?.(event), JSON.stringify(validate?.errors)).toBe(true);
    }
  });

  it('validates every facet against the schema its _schemaURL names', () => {
    const seen = new Set<string>();
    for (const event of events) {
      for (const [name, facet] of facetsOf(event)) {
        expect(facet._schemaURL).toBe(facetSchemaUrls[name as keyof typeof facetSchemaUrls]);
        const validate = ajv.getSchema(facet._schemaURL);
        expect(validate, `no schema at ${facet._schemaURL}`).toBeDefined();
        expect(validate?.(facet), `${name}: ${JSON.stringify(validate?.errors)}`).toBe(true);
        expect(facet._producer).toBe(event.producer);
        seen.add(name);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(facetSchemaUrls).sort());
  });

  it('links child runs to their parent and to the root of the tree', () => {
    const evaluateFail = events.find((event) => event.eventType === 'FAIL');
    const pipelineStart = events.find((event) => event.job.name === 'pipeline');
    const trainStart = events.find(
      (event) => event.job.name === 'train' && event.eventType === 'START',
    );
    expect(evaluateFail?.run.facets?.parent?.run.runId).toBe(trainStart?.run.runId);
    expect(evaluateFail?.run.facets?.parent?.root?.run.runId).toBe(pipelineStart?.run.runId);
    expect(evaluateFail?.run.facets?.errorMessage).toMatchObject({
      message: 'metric gate failed: auc 0.61 < 0.7',
      programmingLanguage: 'JavaScript',
    });
  });

  it('carries the DVC md5 as the dataset version', () => {
    const start = events.find((event) => event.job.name === 'train');
    expect(start?.inputs?.[0]?.facets?.version?.datasetVersion).toBe(
      '1c6e5c4b9a1f0d0e2d54c1e5b4b2a3f1',
    );
  });
});

describe('validateRunEvent agrees with the official schema on broken events', () => {
  let ajv: ReturnType<typeof createSpecValidator>;
  let complete: RunEvent;

  beforeAll(async () => {
    ajv = createSpecValidator();
    const events = await emitEveryEventType();
    const found = events.find((event) => event.eventType === 'COMPLETE');
    if (found === undefined) throw new Error('no COMPLETE event');
    complete = found;
  });

  // biome-ignore lint/suspicious/noExplicitAny: a mutation reaches into any field of a cloned event.
  type LooseEvent = any;
  // Each mutation breaks one rule of the spec; the field is where our error must point.
  const mutations: Array<[string, string, (event: LooseEvent) => void]> = [
    ['missing eventTime', 'eventTime', (event) => delete event.eventTime],
    ['eventTime not a date-time', 'eventTime', (event) => (event.eventTime = 'yesterday')],
    ['producer not a URI', 'producer', (event) => (event.producer = 'not a uri')],
    ['unknown eventType', 'eventType', (event) => (event.eventType = 'DONE')],
    ['runId not a UUID', 'run.runId', (event) => (event.run.runId = 'run-1')],
    ['job without name', 'job.name', (event) => delete event.job.name],
    ['input without namespace', 'inputs[0].namespace', (event) => delete event.inputs[0].namespace],
    [
      'version facet without datasetVersion',
      'inputs[0].facets.version.datasetVersion',
      (event) => delete event.inputs[0].facets.version.datasetVersion,
    ],
    [
      'facet without _producer',
      'outputs[0].facets.version._producer',
      (event) => delete event.outputs[0].facets.version._producer,
    ],
    [
      'custom facet without _schemaURL',
      'run.facets.custom._schemaURL',
      (event) => (event.run.facets = { custom: { _producer: 'https://example.com/x' } }),
    ],
    [
      'assertion without success',
      'inputs[0].inputFacets.dataQualityAssertions.assertions[0].success',
      (event) => delete event.inputs[0].inputFacets.dataQualityAssertions.assertions[0].success,
    ],
    [
      'parent run id not a UUID',
      'run.facets.parent.run.runId',
      (event) => (event.run.facets.parent.run.runId = '42'),
    ],
  ];

  it.each(mutations)('%s', (_label, field, mutate) => {
    const broken: LooseEvent = structuredClone(complete);
    mutate(broken);
    const main = ajv.getSchema('https://openlineage.io/spec/2-0-2/OpenLineage.json');
    const facetsValid = facetsOf(broken).every(([, facet]) => {
      const validate = ajv.getSchema(facet._schemaURL ?? '');
      return validate === undefined || validate(facet) === true;
    });
    expect(main?.(broken) === true && facetsValid).toBe(false);

    const error = catchError(() => validateRunEvent(broken));
    expect(LineageEventError.isInstance(error)).toBe(true);
    expect((error as LineageEventError).field).toBe(field);
  });

  it('accepts the unbroken event', () => {
    expect(validateRunEvent(complete)).toBe(complete);
  });
});
