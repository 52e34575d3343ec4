import { facetSchemaUrls, type KnownFacetName } from './spec';
import type {
  BaseFacet,
  DataQualityAssertionsDatasetFacet,
  DataQualityMetricsInputDatasetFacet,
  DatasetVersionDatasetFacet,
  ErrorMessageRunFacet,
  JobTypeJobFacet,
  NominalTimeRunFacet,
  OutputStatisticsOutputDatasetFacet,
  ParentRunFacet,
  SchemaDatasetFacet,
} from './types';

/** The facet type behind each known facet name. */
export type KnownFacets = {
  parent: ParentRunFacet;
  nominalTime: NominalTimeRunFacet;
  errorMessage: ErrorMessageRunFacet;
  jobType: JobTypeJobFacet;
  schema: SchemaDatasetFacet;
  version: DatasetVersionDatasetFacet;
  dataQualityMetrics: DataQualityMetricsInputDatasetFacet;
  dataQualityAssertions: DataQualityAssertionsDatasetFacet;
  outputStatistics: OutputStatisticsOutputDatasetFacet;
};

/** A known facet's own fields, without `_producer` and `_schemaURL`. */
export type FacetBody<Name extends KnownFacetName> = Omit<KnownFacets[Name], keyof BaseFacet>;

/**
 * Builds a known facet, adding `_producer` and the `_schemaURL` of the facet's schema.
 *
 * @example
 * ```ts
 * const version = createFacet('version', { datasetVersion: dvcMd5 }, producer);
 * // { _producer: producer, _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet', datasetVersion: dvcMd5 }
 * ```
 */
export function createFacet<Name extends KnownFacetName>(
  name: Name,
  body: FacetBody<Name>,
  producer: string,
): KnownFacets[Name] {
  return { _producer: producer, _schemaURL: facetSchemaUrls[name], ...body } as KnownFacets[Name];
}
