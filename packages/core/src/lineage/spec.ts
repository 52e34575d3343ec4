/** The OpenLineage spec version whose RunEvent this module produces (`$id` of `spec/OpenLineage.json`). */
export const openLineageSpecVersion = '2-0-2';

/** `schemaURL` of every RunEvent: a JSON Pointer into the spec's `RunEvent` definition. */
export const runEventSchemaUrl = `https://openlineage.io/spec/${openLineageSpecVersion}/OpenLineage.json#/$defs/RunEvent`;

const facetBase = 'https://openlineage.io/spec/facets';

/**
 * `_schemaURL` of each facet this module builds, keyed by the facet's name in its facets
 * map. The versions are those of the facet schemas in OpenLineage spec 2-0-2.
 */
export const facetSchemaUrls = {
  parent: `${facetBase}/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet`,
  nominalTime: `${facetBase}/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet`,
  errorMessage: `${facetBase}/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet`,
  jobType: `${facetBase}/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`,
  schema: `${facetBase}/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`,
  version: `${facetBase}/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet`,
  dataQualityMetrics: `${facetBase}/1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet`,
  dataQualityAssertions: `${facetBase}/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet`,
  outputStatistics: `${facetBase}/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet`,
} as const;

/** Name of a facet this module knows how to build and validate. */
export type KnownFacetName = keyof typeof facetSchemaUrls;
