import { z } from 'zod';
import type { RunEvent } from './types';

// Written from spec/OpenLineage.json 2-0-2 and the facet schemas it names. Known facets are
// checked field by field; other facets only need the base fields, as the spec says.

function facetFields() {
  return { _producer: z.url(), _schemaURL: z.url() };
}

function baseFacet() {
  return z.looseObject(facetFields());
}

function deletableFacet() {
  return z.looseObject({ ...facetFields(), _deleted: z.boolean().optional() });
}

const dateTime = () => z.iso.datetime({ offset: true });
const integer = () => z.number().int();

function jobReference() {
  return z.looseObject({ namespace: z.string(), name: z.string() });
}

function runFacets() {
  const runReference = () =>
    z.looseObject({ runId: z.uuid(), facets: z.record(z.string(), baseFacet()).optional() });
  return z
    .object({
      parent: baseFacet()
        .extend({
          run: runReference(),
          job: jobReference(),
          root: z.looseObject({ run: runReference(), job: jobReference() }).optional(),
        })
        .optional(),
      nominalTime: baseFacet()
        .extend({ nominalStartTime: dateTime(), nominalEndTime: dateTime().optional() })
        .optional(),
      errorMessage: baseFacet()
        .extend({
          message: z.string(),
          programmingLanguage: z.string(),
          stackTrace: z.string().optional(),
        })
        .optional(),
    })
    .catchall(baseFacet());
}

function jobFacets() {
  return z
    .object({
      jobType: deletableFacet()
        .extend({
          processingType: z.string(),
          integration: z.string(),
          jobType: z.string().optional(),
        })
        .optional(),
    })
    .catchall(deletableFacet());
}

type SchemaField = {
  name: string;
  type?: string | undefined;
  description?: string | undefined;
  ordinal_position?: number | undefined;
  fields?: SchemaField[] | undefined;
};

function schemaField(): z.ZodType<SchemaField> {
  const field: z.ZodType<SchemaField> = z.lazy(() =>
    z.looseObject({
      name: z.string(),
      type: z.string().optional(),
      description: z.string().optional(),
      ordinal_position: integer().optional(),
      fields: z.array(field).optional(),
    }),
  );
  return field;
}

function datasetFacets() {
  return z
    .object({
      schema: deletableFacet()
        .extend({ fields: z.array(schemaField()).optional() })
        .optional(),
      version: deletableFacet().extend({ datasetVersion: z.string() }).optional(),
    })
    .catchall(deletableFacet());
}

function inputFacets() {
  const columnMetrics = z.looseObject({
    nullCount: integer().optional(),
    distinctCount: integer().optional(),
    sum: z.number().optional(),
    count: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    quantiles: z.record(z.string(), z.number()).optional(),
  });
  const assertion = z.looseObject({
    assertion: z.string(),
    success: z.boolean(),
    column: z.string().optional(),
    severity: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    expected: z.string().optional(),
    actual: z.string().optional(),
    content: z.string().optional(),
    contentType: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  });
  return z
    .object({
      dataQualityMetrics: baseFacet()
        .extend({
          rowCount: integer().optional(),
          bytes: integer().optional(),
          fileCount: integer().optional(),
          lastUpdated: dateTime().optional(),
          columnMetrics: z.record(z.string(), columnMetrics),
        })
        .optional(),
      dataQualityAssertions: baseFacet()
        .extend({ assertions: z.array(assertion) })
        .optional(),
    })
    .catchall(baseFacet());
}

function outputFacets() {
  return z
    .object({
      outputStatistics: baseFacet()
        .extend({
          rowCount: integer().optional(),
          size: integer().optional(),
          fileCount: integer().optional(),
        })
        .optional(),
    })
    .catchall(baseFacet());
}

function dataset() {
  return z.looseObject({
    namespace: z.string(),
    name: z.string(),
    facets: datasetFacets().optional(),
  });
}

/** Builds the zod schema of a RunEvent (call it when needed; nothing is built at import). */
export function runEventSchema(): z.ZodType<RunEvent> {
  return z.looseObject({
    eventType: z.enum(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER']).optional(),
    eventTime: dateTime(),
    producer: z.url(),
    schemaURL: z.url(),
    run: z.looseObject({ runId: z.uuid(), facets: runFacets().optional() }),
    job: z.looseObject({
      namespace: z.string(),
      name: z.string(),
      facets: jobFacets().optional(),
    }),
    inputs: z.array(dataset().extend({ inputFacets: inputFacets().optional() })).optional(),
    outputs: z.array(dataset().extend({ outputFacets: outputFacets().optional() })).optional(),
  }) as unknown as z.ZodType<RunEvent>;
}
