import { z } from 'zod';
import { defineSettings, type EnvironmentSource } from '../config';
import { coreVersion } from '../version';
import { LineageEventError } from './errors';
import { createFacet, type FacetBody } from './facets';
import { createRunId } from './run-id';
import { runEventSchemaUrl } from './spec';
import type { EmitOptions, LineageTransport } from './transports/transport';
import type {
  DataQualityAssertion,
  DatasetFacets,
  InputDataset,
  InputDatasetFacets,
  JobFacets,
  JobReference,
  OutputDataset,
  OutputDatasetFacets,
  RunEvent,
  RunEventType,
  RunFacets,
  RunReference,
  SchemaDatasetField,
} from './types';
import { validateRunEvent } from './validate-event';

/** Settings of `createLineageEmitter`. */
export interface LineageEmitterSettings {
  /** Where events go (`createHttpTransport`, `createFileTransport`, … or your own). Required. */
  transport: LineageTransport;
  /** Namespace of the jobs this emitter reports. Defaults to `default`, or `OPENLINEAGE_NAMESPACE`. */
  namespace?: string;
  /** URI of the producing code, put in `producer` and every `_producer`. Defaults to this package's npm page for its version. */
  producer?: string;
}

/** A dataset as the emitter takes it: name plus the facets it should build. */
export interface LineageDataset {
  /** Dataset namespace, e.g. `file`, `s3://bucket`, `postgres://host:5432`. */
  namespace: string;
  /** Dataset name within the namespace, e.g. a path or `db.schema.table`. */
  name: string;
  /** Columns, sent as the `schema` facet. */
  schema?: SchemaDatasetField[];
  /** Version, sent as the `version` facet, e.g. the DVC md5 digest of the data. */
  version?: string;
  /** Further dataset facets, sent as given. */
  facets?: DatasetFacets;
}

/** A dataset the run reads. */
export interface LineageInput extends LineageDataset {
  /** Sent as the `dataQualityMetrics` input facet. */
  dataQualityMetrics?: FacetBody<'dataQualityMetrics'>;
  /** Sent as the `dataQualityAssertions` input facet. */
  dataQualityAssertions?: DataQualityAssertion[];
  /** Further input facets, sent as given. */
  inputFacets?: InputDatasetFacets;
}

/** A dataset the run writes. */
export interface LineageOutput extends LineageDataset {
  /** Sent as the `outputStatistics` output facet. */
  outputStatistics?: FacetBody<'outputStatistics'>;
  /** Further output facets, sent as given. */
  outputFacets?: OutputDatasetFacets;
}

/** The job a run belongs to. */
export interface LineageJob {
  /** Job name, unique within the namespace, e.g. `churn.train`. */
  name: string;
  /** Defaults to the emitter's namespace. */
  namespace?: string;
  /** Sent as the `jobType` facet, e.g. `{ processingType: 'BATCH', integration: 'DAGNOSTICS', jobType: 'MODEL' }`. */
  jobType?: FacetBody<'jobType'>;
  /** Further job facets, sent as given with every event of the run. */
  facets?: JobFacets;
}

/** What an event of a run may add: datasets, run facets, the time and a cancel signal. */
export interface LineageRunUpdate extends EmitOptions {
  inputs?: LineageInput[];
  outputs?: LineageOutput[];
  /** Further run facets, sent as given. */
  runFacets?: RunFacets;
  /** When the transition happened. Defaults to now. */
  eventTime?: Date;
}

/** Options of `emitter.start`. */
export interface LineageStartOptions extends LineageRunUpdate {
  /** Run ID (a UUID). Defaults to a new UUID v7. */
  runId?: string;
  /** The run that started this one (a run handle or a reference), sent as the `parent` facet. */
  parent?: RunReference & { root?: RunReference };
  /** Scheduled window, sent as the `nominalTime` facet. */
  nominalTime?: { start: Date; end?: Date };
}

/** A started run; each method sends one event and resolves to it once the transport has it. */
export interface LineageRun {
  /** The run's UUID. */
  readonly runId: string;
  /** The run's job. */
  readonly job: JobReference;
  /** Root of the run tree this run belongs to, when it has a parent. */
  readonly root: RunReference | undefined;
  /** Sends RUNNING, e.g. with datasets discovered mid-run. */
  running(update?: LineageRunUpdate): Promise<RunEvent>;
  /** Sends COMPLETE. */
  complete(update?: LineageRunUpdate): Promise<RunEvent>;
  /** Sends FAIL with an `errorMessage` facet built from `error` (message and stack). */
  fail(error: unknown, update?: LineageRunUpdate): Promise<RunEvent>;
  /** Sends ABORT. */
  abort(update?: LineageRunUpdate): Promise<RunEvent>;
  /** Sends OTHER: extra metadata, allowed even after the run ended. */
  other(update?: LineageRunUpdate): Promise<RunEvent>;
}

/** Sends OpenLineage RunEvents for the jobs of one namespace. */
export interface LineageEmitter {
  /** The namespace jobs default to. */
  readonly namespace: string;
  /** The `producer` URI of every event and facet. */
  readonly producer: string;
  /** Sends START for a new run of `job` and returns the run's handle. */
  start(job: LineageJob | string, options?: LineageStartOptions): Promise<LineageRun>;
  /** Validates and sends a RunEvent built elsewhere. */
  emit(event: RunEvent, options?: EmitOptions): Promise<void>;
}

const emitterSettings = defineSettings({
  owner: 'createLineageEmitter',
  schema: () =>
    z.object({
      transport: z.custom<LineageTransport>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as LineageTransport).emit === 'function',
        { message: 'expected an object with an emit(event) method' },
      ),
      namespace: z.string().min(1).default('default'),
      producer: z.url().default(`https://www.npmjs.com/package/@dagnostics/core/v/${coreVersion}`),
    }),
  env: { namespace: 'OPENLINEAGE_NAMESPACE' },
});

/**
 * Creates an emitter of OpenLineage RunEvents (spec 2-0-2). Every event is validated
 * before the transport sees it; an invalid one throws `LineageEventError` and is not sent.
 *
 * @example
 * ```ts
 * const lineage = createLineageEmitter({ transport: createHttpTransport({ url: 'http://localhost:5000' }), namespace: 'churn' });
 * const run = await lineage.start('train', {
 *   inputs: [{ namespace: 'file', name: 'data/train.csv', version: dvcMd5 }],
 * });
 * try {
 *   await run.complete({ outputs: [{ namespace: 'file', name: 'models/model.onnx' }] });
 * } catch (error) {
 *   await run.fail(error);
 * }
 * ```
 * @throws ConfigError when a setting is invalid.
 */
export function createLineageEmitter(
  settings: LineageEmitterSettings,
  options: { env?: EnvironmentSource } = {},
): LineageEmitter {
  const { transport, namespace, producer } = emitterSettings.resolve(settings, options);

  const emit = async (event: RunEvent, emitOptions: EmitOptions = {}): Promise<void> => {
    validateRunEvent(event);
    await transport.emit(event, emitOptions);
  };

  const datasetFacets = (dataset: LineageDataset): DatasetFacets | undefined => {
    const facets: DatasetFacets = { ...dataset.facets };
    if (dataset.schema !== undefined)
      facets.schema = createFacet('schema', { fields: dataset.schema }, producer);
    if (dataset.version !== undefined)
      facets.version = createFacet('version', { datasetVersion: dataset.version }, producer);
    return Object.keys(facets).length === 0 ? undefined : facets;
  };

  const toInput = (dataset: LineageInput): InputDataset => {
    const inputFacets: InputDatasetFacets = { ...dataset.inputFacets };
    if (dataset.dataQualityMetrics !== undefined)
      inputFacets.dataQualityMetrics = createFacet(
        'dataQualityMetrics',
        dataset.dataQualityMetrics,
        producer,
      );
    if (dataset.dataQualityAssertions !== undefined)
      inputFacets.dataQualityAssertions = createFacet(
        'dataQualityAssertions',
        { assertions: dataset.dataQualityAssertions },
        producer,
      );
    return withoutUndefined({
      namespace: dataset.namespace,
      name: dataset.name,
      facets: datasetFacets(dataset),
      inputFacets: Object.keys(inputFacets).length === 0 ? undefined : inputFacets,
    });
  };

  const toOutput = (dataset: LineageOutput): OutputDataset => {
    const outputFacets: OutputDatasetFacets = { ...dataset.outputFacets };
    if (dataset.outputStatistics !== undefined)
      outputFacets.outputStatistics = createFacet(
        'outputStatistics',
        dataset.outputStatistics,
        producer,
      );
    return withoutUndefined({
      namespace: dataset.namespace,
      name: dataset.name,
      facets: datasetFacets(dataset),
      outputFacets: Object.keys(outputFacets).length === 0 ? undefined : outputFacets,
    });
  };

  return {
    namespace,
    producer,
    emit,
    async start(jobInput, startOptions = {}) {
      const job: LineageJob = typeof jobInput === 'string' ? { name: jobInput } : jobInput;
      const jobReference: JobReference = { namespace: job.namespace ?? namespace, name: job.name };
      const jobFacets: JobFacets = { ...job.facets };
      if (job.jobType !== undefined)
        jobFacets.jobType = createFacet('jobType', job.jobType, producer);
      const runId = startOptions.runId ?? createRunId();
      const parent = startOptions.parent;
      const root =
        parent === undefined
          ? undefined
          : (parent.root ?? { runId: parent.runId, job: parent.job });
      const startFacets: RunFacets = {};
      if (parent !== undefined && root !== undefined)
        startFacets.parent = createFacet(
          'parent',
          {
            run: { runId: parent.runId },
            job: { namespace: parent.job.namespace, name: parent.job.name },
            root: {
              run: { runId: root.runId },
              job: { namespace: root.job.namespace, name: root.job.name },
            },
          },
          producer,
        );
      if (startOptions.nominalTime !== undefined)
        startFacets.nominalTime = createFacet(
          'nominalTime',
          withoutUndefined({
            nominalStartTime: startOptions.nominalTime.start.toISOString(),
            nominalEndTime: startOptions.nominalTime.end?.toISOString(),
          }),
          producer,
        );
      // The parent facet goes with every event so that each one can be placed on its own.
      const persistentFacets: RunFacets =
        startFacets.parent === undefined ? {} : { parent: startFacets.parent };
      let ended: RunEventType | undefined;

      const send = async (
        eventType: RunEventType,
        update: LineageRunUpdate,
        extraFacets: RunFacets,
      ): Promise<RunEvent> => {
        const isTerminal =
          eventType === 'COMPLETE' || eventType === 'FAIL' || eventType === 'ABORT';
        if (ended !== undefined && eventType !== 'OTHER')
          throw new LineageEventError({
            message: `Run ${runId} already ended with ${ended}; it cannot send ${eventType}. Use other() to add metadata after the end.`,
            field: 'eventType',
          });
        const runFacets: RunFacets = { ...persistentFacets, ...extraFacets, ...update.runFacets };
        const event: RunEvent = withoutUndefined({
          eventType,
          eventTime: (update.eventTime ?? new Date()).toISOString(),
          producer,
          schemaURL: runEventSchemaUrl,
          run: Object.keys(runFacets).length === 0 ? { runId } : { runId, facets: runFacets },
          job:
            Object.keys(jobFacets).length === 0
              ? { ...jobReference }
              : { ...jobReference, facets: jobFacets },
          inputs: update.inputs?.map(toInput),
          outputs: update.outputs?.map(toOutput),
        });
        await emit(event, update.signal === undefined ? {} : { signal: update.signal });
        if (isTerminal) ended = eventType;
        return event;
      };

      await send('START', startOptions, startFacets);
      return {
        runId,
        job: jobReference,
        root,
        running: (update = {}) => send('RUNNING', update, {}),
        complete: (update = {}) => send('COMPLETE', update, {}),
        abort: (update = {}) => send('ABORT', update, {}),
        other: (update = {}) => send('OTHER', update, {}),
        fail: (error, update = {}) =>
          send('FAIL', update, { errorMessage: errorMessageFacet(error, producer) }),
      };
    },
  };
}

function errorMessageFacet(error: unknown, producer: string) {
  const body: FacetBody<'errorMessage'> = {
    message: error instanceof Error ? error.message : String(error),
    programmingLanguage: 'JavaScript',
  };
  if (error instanceof Error && error.stack !== undefined) body.stackTrace = error.stack;
  return createFacet('errorMessage', body, producer);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
