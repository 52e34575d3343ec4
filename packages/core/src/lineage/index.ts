/**
 * `@dagnostics/core/lineage`: typed OpenLineage RunEvents (spec 2-0-2), validated before
 * they are sent, and transports for Marquez-compatible HTTP, JSON Lines files and the
 * console.
 *
 * @example
 * ```ts
 * const lineage = createLineageEmitter({ transport: createFileTransport(), namespace: 'churn' });
 * const run = await lineage.start('train', {
 *   inputs: [{ namespace: 'file', name: 'data/train.csv', version: dvcMd5 }],
 * });
 * await run.complete({ outputs: [{ namespace: 'file', name: 'models/model.onnx' }] });
 * ```
 *
 * @module
 */
export {
  createLineageEmitter,
  type LineageDataset,
  type LineageEmitter,
  type LineageEmitterSettings,
  type LineageInput,
  type LineageJob,
  type LineageOutput,
  type LineageRun,
  type LineageRunUpdate,
  type LineageStartOptions,
} from './emitter';
export { LineageEventError, LineageTransportError } from './errors';
export { createFacet, type FacetBody, type KnownFacets } from './facets';
export { createRunId } from './run-id';
export {
  facetSchemaUrls,
  type KnownFacetName,
  openLineageSpecVersion,
  runEventSchemaUrl,
} from './spec';
export {
  type ConsoleTransportSettings,
  createConsoleTransport,
  createFileTransport,
  createHttpTransport,
  type EmitOptions,
  type FileTransportSettings,
  type HttpTransportSettings,
  type LineageTransport,
} from './transports';
export type * from './types';
export { validateRunEvent } from './validate-event';
