/** The transition a RunEvent reports. A run sends one START and one of COMPLETE, FAIL or ABORT. */
export type RunEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

/** Fields every facet carries: who produced it and which schema it follows. */
export type BaseFacet = {
  /** URI of the code that produced the facet. */
  _producer: string;
  /** URL of the JSON Schema definition the facet follows. */
  _schemaURL: string;
};

/** A facet this module has no type for (a custom one): base fields plus anything else. */
export type CustomFacet = BaseFacet & { [field: string]: unknown };

/** A job or dataset facet may be sent with `_deleted: true` to remove it. */
export type DeletableFacet = { _deleted?: boolean };

/** A job and its namespace, as facets refer to them. */
export type JobReference = { namespace: string; name: string };

/** A run of a job, as the `parent` facet refers to it. */
export type RunReference = { runId: string; job: JobReference };

/** `parent` run facet (ParentRunFacet 1-2-0): the run that started this one, and the root of the tree. */
export type ParentRunFacet = BaseFacet & {
  run: { runId: string };
  job: JobReference;
  root?: { run: { runId: string }; job: JobReference };
};

/** `nominalTime` run facet (NominalTimeRunFacet 1-0-1): the scheduled time window, ISO-8601. */
export type NominalTimeRunFacet = BaseFacet & { nominalStartTime: string; nominalEndTime?: string };

/** `errorMessage` run facet (ErrorMessageRunFacet 1-0-1), sent with FAIL. */
export type ErrorMessageRunFacet = BaseFacet & {
  message: string;
  programmingLanguage: string;
  stackTrace?: string;
};

/** `jobType` job facet (JobTypeJobFacet 2-0-4). */
export type JobTypeJobFacet = BaseFacet &
  DeletableFacet & {
    /** `BATCH`, `STREAMING` or `SERVICE`. */
    processingType: string;
    /** The integration, e.g. `DAGNOSTICS`. */
    integration: string;
    /** Integration-specific kind, e.g. `MODEL`, `TASK`, `DAG`. */
    jobType?: string;
  };

/** One field of a `schema` facet; `fields` nests struct members. */
export type SchemaDatasetField = {
  name: string;
  type?: string;
  description?: string;
  /** 1-based position of the field in the schema. */
  ordinal_position?: number;
  fields?: SchemaDatasetField[];
};

/** `schema` dataset facet (SchemaDatasetFacet 1-2-0). */
export type SchemaDatasetFacet = BaseFacet & DeletableFacet & { fields?: SchemaDatasetField[] };

/** `version` dataset facet (DatasetVersionDatasetFacet 1-0-1), e.g. a DVC md5 digest. */
export type DatasetVersionDatasetFacet = BaseFacet & DeletableFacet & { datasetVersion: string };

/** Metrics of one column in a `dataQualityMetrics` facet. */
export type ColumnMetrics = {
  nullCount?: number;
  distinctCount?: number;
  sum?: number;
  count?: number;
  min?: number;
  max?: number;
  /** Keyed by the quantile as text, e.g. `'0.5'`. */
  quantiles?: Record<string, number>;
};

/** `dataQualityMetrics` input dataset facet (DataQualityMetricsInputDatasetFacet 1-0-3). */
export type DataQualityMetricsInputDatasetFacet = BaseFacet & {
  rowCount?: number;
  /** Size in bytes. */
  bytes?: number;
  fileCount?: number;
  /** ISO-8601 time of the last change. */
  lastUpdated?: string;
  /** Keyed by column name. */
  columnMetrics: Record<string, ColumnMetrics>;
};

/** One check in a `dataQualityAssertions` facet. */
export type DataQualityAssertion = {
  /** Kind of test, e.g. `not_null`, `unique`, `row_count`. */
  assertion: string;
  /** True when the test found no issue. */
  success: boolean;
  column?: string;
  severity?: string;
  name?: string;
  description?: string;
  expected?: string;
  actual?: string;
  content?: string;
  contentType?: string;
  params?: Record<string, unknown>;
};

/** `dataQualityAssertions` input dataset facet (DataQualityAssertionsDatasetFacet 1-1-0). */
export type DataQualityAssertionsDatasetFacet = BaseFacet & { assertions: DataQualityAssertion[] };

/** `outputStatistics` output dataset facet (OutputStatisticsOutputDatasetFacet 1-0-2). */
export type OutputStatisticsOutputDatasetFacet = BaseFacet & {
  rowCount?: number;
  /** Bytes written. */
  size?: number;
  fileCount?: number;
};

/** Facets of a run, by name. */
export type RunFacets = {
  parent?: ParentRunFacet;
  nominalTime?: NominalTimeRunFacet;
  errorMessage?: ErrorMessageRunFacet;
  [name: string]: CustomFacet | undefined;
};

/** Facets of a job, by name. */
export type JobFacets = {
  jobType?: JobTypeJobFacet;
  [name: string]: (CustomFacet & DeletableFacet) | undefined;
};

/** Facets of a dataset, by name. */
export type DatasetFacets = {
  schema?: SchemaDatasetFacet;
  version?: DatasetVersionDatasetFacet;
  [name: string]: (CustomFacet & DeletableFacet) | undefined;
};

/** Facets that only make sense on an input dataset, by name. */
export type InputDatasetFacets = {
  dataQualityMetrics?: DataQualityMetricsInputDatasetFacet;
  dataQualityAssertions?: DataQualityAssertionsDatasetFacet;
  [name: string]: CustomFacet | undefined;
};

/** Facets that only make sense on an output dataset, by name. */
export type OutputDatasetFacets = {
  outputStatistics?: OutputStatisticsOutputDatasetFacet;
  [name: string]: CustomFacet | undefined;
};

/** A dataset as a RunEvent carries it. */
export type Dataset = { namespace: string; name: string; facets?: DatasetFacets };

/** A dataset the run read. */
export type InputDataset = Dataset & { inputFacets?: InputDatasetFacets };

/** A dataset the run wrote. */
export type OutputDataset = Dataset & { outputFacets?: OutputDatasetFacets };

/** An OpenLineage RunEvent (spec 2-0-2). */
export type RunEvent = {
  eventType?: RunEventType;
  /** ISO-8601 time of the transition. */
  eventTime: string;
  /** URI of the code that produced the event. */
  producer: string;
  /** URL of the RunEvent schema definition, see `runEventSchemaUrl`. */
  schemaURL: string;
  run: { runId: string; facets?: RunFacets };
  job: { namespace: string; name: string; facets?: JobFacets };
  inputs?: InputDataset[];
  outputs?: OutputDataset[];
};
