import { PYTHON_OPERATORS } from '../catalog';
import type { Scenario, ScenarioContext } from '../context';
import { failBigQuery } from '../operators/bigquery';
import { databricksState, failDatabricks } from '../operators/databricks';
import {
  dbtModelError,
  dbtModels,
  dbtSummary,
  dbtTestFailure,
  dbtTestNames,
  failDbt,
} from '../operators/dbt';
import { failPod } from '../operators/kubernetes-pod';
import { callableFrame, failPython, moduleFrame, userInfo, userWarning } from '../operators/python';
import { logicalDs } from '../operators/shared';
import {
  dagSchedulerFrames,
  failSpark,
  javaStack,
  writeSparkApplicationFailure,
} from '../operators/spark-submit';
import { failSql, failSqlCheck, snowflakeQueryId, taskTable } from '../operators/sql';
import { chance, pickSome, seconds, uniform, withCommas } from '../random-helpers';
import { type Frame, libraryFrame } from '../traceback';
import { postgresCursorFrames } from './library-frames';

function badValue(context: ScenarioContext): string {
  return context.rng.choice(['N/A', '', 'null', '12,50', '#VALUE!', 'abc', '-', 'NaN ']);
}

function expectationLine(context: ScenarioContext, passed: boolean): string {
  const { rng, task } = context;
  const column = rng.choice(task.company.columns);
  const expectation = rng.choice([
    `expect_column_values_to_not_be_null(column=${column})`,
    `expect_column_values_to_be_unique(column=${column})`,
    `expect_column_values_to_be_between(column=${column}, min_value=0)`,
    `expect_column_values_to_match_regex(column=${column}, regex=^[A-Z0-9-]+$)`,
    `expect_table_row_count_to_be_between(min_value=${withCommas(rng.int(1, 50) * 1000)})`,
    `expect_column_proportion_of_unique_values_to_be_between(column=${column}, min_value=0.95)`,
  ]);
  if (passed) return `  PASSED ${expectation}`;
  const total = rng.int(10_000, 2_000_000);
  const bad = rng.int(1, Math.floor(total / 20));
  return `  FAILED ${expectation}: ${withCommas(bad)} unexpected of ${withCommas(total)} (${((100 * bad) / total).toFixed(2)}%)`;
}

const validationSuite: Scenario = {
  name: 'expectation suite failed on the data of the day',
  weight: 1.6,
  operators: PYTHON_OPERATORS,
  durationS: seconds(15, 900),
  write(context) {
    const { rng, task } = context;
    const { table } = taskTable(context);
    const suite = `${table}.${rng.choice(['critical', 'warning', 'daily', 'contract'])}`;
    const total = rng.int(6, 30);
    const failed = rng.int(1, Math.min(4, total));
    userInfo(
      context,
      `Validating ${table} for ds=${logicalDs(context)} against suite '${suite}' (${total} expectations)`,
    );
    const lines = Array.from({ length: total }, (_, index) =>
      expectationLine(context, index >= failed),
    );
    rng.shuffle(lines);
    userInfo(context, `Validation results for suite '${suite}':\n${lines.join('\n')}`);
    const fail = chance(rng, 0.4);
    const message = `Validation failed for suite '${suite}': ${failed} of ${total} expectations failed`;
    return failPython(
      context,
      {
        frames: [
          callableFrame(context, `run_suite(df, suite_name="${suite}")`),
          moduleFrame(
            context,
            'run_suite',
            fail ? 'raise AirflowFailException(summary)' : 'raise DataValidationError(summary)',
          ),
        ],
        exception: fail
          ? `airflow.exceptions.AirflowFailException: ${message}`
          : `${task.company.slug}_common.validation.DataValidationError: ${message}`,
      },
      { noRetry: fail },
    );
  },
};

const dbtTests: Scenario = {
  name: 'dbt tests failed',
  weight: 1.6,
  operators: ['DbtTestOperator'],
  durationS: seconds(30, 1800),
  write(context) {
    const { rng, task } = context;
    const failing = pickSome(rng, dbtTestNames(context), rng.int(1, 3));
    const details = failing.flatMap((test) => [
      `Failure in test ${test} (models/${rng.choice(task.company.schemas)}/schema.yml)`,
      `  Got ${withCommas(rng.int(1, 40_000))} result${chance(rng, 0.9) ? 's' : ''}, configured to fail if != 0`,
      '',
      `  compiled Code at target/compiled/${task.company.dbtProject}/models/schema.yml/${test.slice(0, 60)}.sql`,
      '',
    ]);
    const output = failing.map((test) => dbtTestFailure(context, test, rng.int(1, 40_000)));
    return failDbt(context, [...output, ...dbtSummary(context, failing.length, details)]);
  },
};

const dbtModelDataError: Scenario = {
  name: 'dbt model hit bad source data',
  operators: ['DbtRunOperator'],
  durationS: seconds(60, 3600),
  write(context) {
    const { rng, task } = context;
    const model = rng.choice(dbtModels(context));
    const schema = rng.choice(task.company.schemas);
    const error = rng.choice([
      `100038 (22018): Numeric value '${badValue(context)}' is not recognized`,
      `invalid input syntax for type numeric: "${badValue(context)}"`,
      `Bad double value: ${badValue(context)}; while executing the filter on column '${rng.choice(task.company.columns)}'`,
      `100035 (22007): Timestamp '2024-02-30 00:00:00' is not recognized`,
    ]);
    return failDbt(context, [
      dbtModelError(context, `${schema}.${model}`),
      ...dbtSummary(context, 1, [
        `Database Error in model ${model} (models/${schema}/${model}.sql)`,
        `  ${error}`,
        `  compiled Code at target/run/${task.company.dbtProject}/models/${schema}/${model}.sql`,
      ]),
    ]);
  },
};

function pandasMissingColumn(
  context: ScenarioContext,
  column: string,
): { frames: Frame[]; exception: string } {
  return {
    frames: [
      libraryFrame(
        context,
        'pandas/core/frame.py',
        3899,
        '__getitem__',
        'indexer = self.columns._get_indexer_strict(key, "columns")[1]',
      ),
      libraryFrame(
        context,
        'pandas/core/indexes/base.py',
        6115,
        '_get_indexer_strict',
        'self._raise_if_missing(keyarr, indexer, axis_name)',
      ),
      libraryFrame(
        context,
        'pandas/core/indexes/base.py',
        6179,
        '_raise_if_missing',
        'raise KeyError(f"{not_found} not in index")',
      ),
    ],
    exception: `KeyError: "['${column}'] not in index"`,
  };
}

const missingColumn: Scenario = {
  name: 'upstream file lost or renamed a column',
  weight: 1.4,
  operators: PYTHON_OPERATORS,
  durationS: seconds(5, 600),
  write(context) {
    const { rng, task } = context;
    const column = rng.choice([
      ...task.company.columns,
      'loyalty_tier',
      'currency_code',
      'updated_at',
    ]);
    userInfo(
      context,
      `Read ${withCommas(rng.int(1000, 3_000_000))} rows, ${rng.int(8, 60)} columns from ${rng.choice(task.company.tables)}_${logicalDs(context)}.csv`,
    );
    if (chance(rng, 0.5)) {
      const missing = pandasMissingColumn(context, column);
      return failPython(context, {
        frames: [
          callableFrame(context, 'frame = normalize(raw)'),
          moduleFrame(context, 'normalize', 'return raw[EXPECTED_COLUMNS].rename(columns=RENAMES)'),
          ...missing.frames,
        ],
        exception: missing.exception,
      });
    }
    return failPython(context, {
      causes: [
        {
          frames: [
            libraryFrame(
              context,
              'pandas/core/indexes/base.py',
              3791,
              'get_loc',
              'return self._engine.get_loc(casted_key)',
            ),
            {
              file: 'index.pyx',
              line: 152,
              func: 'pandas._libs.index.IndexEngine.get_loc',
              code: '',
            },
            {
              file: 'index.pyx',
              line: 181,
              func: 'pandas._libs.index.IndexEngine.get_loc',
              code: '',
            },
            {
              file: 'pandas/_libs/hashtable_class_helper.pxi',
              line: 7080,
              func: 'pandas._libs.hashtable.PyObjectHashTable.get_item',
              code: '',
            },
            {
              file: 'pandas/_libs/hashtable_class_helper.pxi',
              line: 7088,
              func: 'pandas._libs.hashtable.PyObjectHashTable.get_item',
              code: '',
            },
          ],
          exception: `KeyError: '${column}'`,
        },
      ],
      frames: [
        callableFrame(context, 'frame = enrich(raw)'),
        moduleFrame(
          context,
          'enrich',
          `raw["${column}_norm"] = raw["${column}"].str.strip().str.upper()`,
        ),
        libraryFrame(
          context,
          'pandas/core/frame.py',
          3893,
          '__getitem__',
          'indexer = self.columns.get_loc(key)',
        ),
        libraryFrame(
          context,
          'pandas/core/indexes/base.py',
          3798,
          'get_loc',
          'raise KeyError(key) from err',
        ),
      ],
      exception: `KeyError: '${column}'`,
      link: 'cause',
    });
  },
};

const conversionErrors: Scenario = {
  name: 'values that do not parse: numbers, dates, encodings',
  weight: 1.6,
  operators: PYTHON_OPERATORS,
  durationS: seconds(5, 1200),
  write(context) {
    const { rng, task } = context;
    const column = rng.choice(task.company.columns);
    const position = rng.int(2, 900_000);
    const variant = rng.int(0, 4);
    if (variant === 0) {
      return failPython(context, {
        frames: [
          callableFrame(context, 'frame = cast_types(frame)'),
          moduleFrame(context, 'cast_types', 'return frame.astype(SCHEMA)'),
          libraryFrame(
            context,
            'pandas/core/generic.py',
            6605,
            'astype',
            'res_col = col.astype(dtype=cdt, copy=copy, errors=errors)',
          ),
          libraryFrame(
            context,
            'pandas/core/internals/managers.py',
            430,
            'astype',
            'return self.apply(',
          ),
          libraryFrame(
            context,
            'pandas/core/internals/blocks.py',
            758,
            'astype',
            'new_values = astype_array_safe(values, dtype, copy=copy, errors=errors)',
          ),
          libraryFrame(
            context,
            'pandas/core/dtypes/astype.py',
            237,
            'astype_array_safe',
            'new_values = astype_array(values, dtype, copy=copy)',
          ),
          libraryFrame(
            context,
            'pandas/core/dtypes/astype.py',
            133,
            '_astype_nansafe',
            'return arr.astype(dtype, copy=True)',
          ),
        ],
        exception: `ValueError: could not convert string to float: '${badValue(context)}'`,
      });
    }
    if (variant === 1) {
      return failPython(context, {
        frames: [
          callableFrame(context, 'rows = [parse_row(line) for line in reader]'),
          moduleFrame(context, 'parse_row', `quantity=int(row["${column}"]),`),
        ],
        exception: `ValueError: invalid literal for int() with base 10: '${badValue(context)}'`,
      });
    }
    if (variant === 2) {
      return failPython(context, {
        frames: [
          callableFrame(
            context,
            `frame["${column}"] = pd.to_datetime(frame["${column}"], format="%Y-%m-%d")`,
          ),
          libraryFrame(
            context,
            'pandas/core/tools/datetimes.py',
            1067,
            'to_datetime',
            'values = convert_listlike(arg._values, format)',
          ),
          libraryFrame(
            context,
            'pandas/core/tools/datetimes.py',
            433,
            '_convert_listlike_datetimes',
            'return _array_strptime_with_fallback(arg, name, utc, format, exact, errors)',
          ),
          libraryFrame(
            context,
            'pandas/core/tools/datetimes.py',
            467,
            '_array_strptime_with_fallback',
            'result, tz_out = array_strptime(arg, fmt, exact=exact, errors=errors, utc=utc)',
          ),
          {
            file: 'strptime.pyx',
            line: 501,
            func: 'pandas._libs.tslibs.strptime.array_strptime',
            code: '',
          },
          {
            file: 'strptime.pyx',
            line: 451,
            func: 'pandas._libs.tslibs.strptime.array_strptime',
            code: '',
          },
          {
            file: 'strptime.pyx',
            line: 583,
            func: 'pandas._libs.tslibs.strptime._parse_with_format',
            code: '',
          },
        ],
        exception: `ValueError: time data "${rng.choice(['2024-02-30', '31/04/2024', '2024-13-01', '0000-00-00'])}" doesn't match format "%Y-%m-%d", at position ${position}. You might want to try:\n    - passing \`format\` if your strings have a consistent format;\n    - passing \`format='ISO8601'\` if your strings are all ISO8601 but not necessarily in exactly the same format;\n    - passing \`format='mixed'\`, and the format will be inferred for each element individually. You might want to use \`dayfirst\` alongside this.`,
      });
    }
    if (variant === 3) {
      return failPython(context, {
        frames: [
          callableFrame(context, 'frame.to_parquet(target, index=False)'),
          libraryFrame(context, 'pandas/core/frame.py', 2970, 'to_parquet', 'return to_parquet('),
          libraryFrame(context, 'pandas/io/parquet.py', 483, 'to_parquet', 'impl.write('),
          libraryFrame(
            context,
            'pandas/io/parquet.py',
            189,
            'write',
            'table = self.api.Table.from_pandas(df, **from_pandas_kwargs)',
          ),
          {
            file: 'pyarrow/table.pxi',
            line: 3874,
            func: 'pyarrow.lib.Table.from_pandas',
            code: '',
          },
          libraryFrame(
            context,
            'pyarrow/pandas_compat.py',
            611,
            'dataframe_to_arrays',
            'arrays = [convert_column(c, f)',
          ),
          libraryFrame(context, 'pyarrow/pandas_compat.py', 598, 'convert_column', 'raise e'),
        ],
        exception: `pyarrow.lib.ArrowInvalid: ("Could not convert '${badValue(context)}' with type str: tried to convert to double", 'Conversion failed for column ${column} with type object')`,
      });
    }
    const readers = 'pandas/io/parsers';
    return failPython(context, {
      frames: [
        callableFrame(context, 'frame = pd.read_csv(local_path, sep=";", dtype=str)'),
        libraryFrame(
          context,
          `${readers}/readers.py`,
          1026,
          'read_csv',
          'return _read(filepath_or_buffer, kwds)',
        ),
        libraryFrame(context, `${readers}/readers.py`, 626, '_read', 'return parser.read(nrows)'),
        libraryFrame(
          context,
          `${readers}/readers.py`,
          1923,
          'read',
          ') = self._engine.read(  # type: ignore[attr-defined]',
        ),
        libraryFrame(
          context,
          `${readers}/c_parser_wrapper.py`,
          234,
          'read',
          'chunks = self._reader.read_low_memory(nrows)',
        ),
        {
          file: 'parsers.pyx',
          line: 838,
          func: 'pandas._libs.parsers.TextReader.read_low_memory',
          code: '',
        },
        {
          file: 'parsers.pyx',
          line: 2053,
          func: 'pandas._libs.parsers.raise_parser_error',
          code: '',
        },
      ],
      exception: `UnicodeDecodeError: 'utf-8' codec can't decode byte 0x${rng.choice(['e9', 'fc', 'a0', 'f6', 'c3'])} in position ${position}: invalid continuation byte`,
    });
  },
};

const constraintViolations: Scenario = {
  name: 'rows violate a database constraint',
  weight: 1.8,
  operators: ['PostgresOperator', ...PYTHON_OPERATORS],
  durationS: seconds(3, 900),
  write(context) {
    const { rng, task } = context;
    const { table, column } = taskTable(context);
    const id = rng.int(10_000, 99_999_999);
    const exception = rng.choice([
      `psycopg2.errors.NotNullViolation: null value in column "${column}" of relation "${table}" violates not-null constraint\nDETAIL:  Failing row contains (${id}, null, ${logicalDs(context)}, ${uniform(rng, 1, 900).toFixed(2)}, ${rng.choice(['t', 'f'])}).\n`,
      `psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "${table}_pkey"\nDETAIL:  Key (${column})=(${id}) already exists.\n`,
      `psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "uq_${table}_${column}_ds"\nDETAIL:  Key (${column}, ds)=(${id}, ${logicalDs(context)}) already exists.\n`,
      `psycopg2.errors.ForeignKeyViolation: insert or update on table "${table}" violates foreign key constraint "${table}_${column}_fkey"\nDETAIL:  Key (${column})=(${id}) is not present in table "${rng.choice(task.company.tables)}".\n`,
      'psycopg2.errors.NumericValueOutOfRange: numeric field overflow\nDETAIL:  A field with precision 10, scale 2 must round to an absolute value less than 10^8.\n',
      `psycopg2.errors.InvalidTextRepresentation: invalid input syntax for type integer: "${badValue(context)}"\nCONTEXT:  COPY ${table}, line ${rng.int(2, 90_000)}, column ${column}: "${badValue(context)}"\n`,
      `psycopg2.errors.StringDataRightTruncation: value too long for type character varying(${rng.choice([16, 32, 64])})\n`,
      `psycopg2.errors.CheckViolation: new row for relation "${table}" violates check constraint "${table}_${column}_check"\nDETAIL:  Failing row contains (${id}, ${-rng.int(1, 5000)}, ${logicalDs(context)}).\n`,
    ]);
    if (task.operator === 'PostgresOperator') return failSql(context, { exception });
    userInfo(context, `Upserting ${withCommas(rng.int(100, 900_000))} rows into ${table}`);
    return failPython(context, {
      frames: [
        ...postgresCursorFrames(
          context,
          'execute_values(cursor, UPSERT_SQL, rows, page_size=5000)',
        ),
        libraryFrame(
          context,
          'psycopg2/extras.py',
          1299,
          'execute_values',
          "cur.execute(b''.join(parts))",
        ),
      ],
      exception,
    });
  },
};

const redshiftLoadErrors: Scenario = {
  name: 'Redshift COPY rejected rows',
  operators: ['S3ToRedshiftOperator'],
  durationS: seconds(10, 1800),
  write(context) {
    const { table } = taskTable(context);
    return failSql(context, {
      exception: `psycopg2.errors.InternalError_: Load into table '${table}' failed.  Check 'stl_load_errors' system table for details.\n`,
    });
  },
};

const sqlCheckFailed: Scenario = {
  name: 'SQL check returned a falsy row',
  weight: 1.4,
  operators: ['SQLCheckOperator'],
  durationS: seconds(2, 300),
  write(context) {
    return failSqlCheck(context, context.rng.choice(['(0,)', '(False,)', '(None,)']));
  },
};

const snowflakeDataErrors: Scenario = {
  name: 'Snowflake rejected values while loading or merging',
  weight: 1.3,
  operators: ['SnowflakeOperator'],
  durationS: seconds(5, 1800),
  write(context) {
    const { rng, task } = context;
    const qid = snowflakeQueryId(context);
    const { table } = taskTable(context);
    const ds = logicalDs(context);
    const message = rng.choice([
      `100038 (22018): ${qid}: Numeric value '${badValue(context)}' is not recognized`,
      `100035 (22007): ${qid}: Timestamp '${rng.choice(['2024-13-01 00:00:00', '31/04/2024', '0000-00-00'])}' is not recognized`,
      `100090 (42P18): ${qid}: Duplicate row detected during DML action\nRow Values: [${rng.int(1000, 999_999)}, "${rng.choice(task.company.columns)}", ${rng.int(1, 99)}]`,
      `100080 (22000): ${qid}: Number of columns in file (${rng.int(10, 14)}) does not match that of the corresponding table (${rng.int(15, 18)}), use file format option error_on_column_count_mismatch=false to ignore this error\n  File '${table}/${ds}/part-0000${rng.int(0, 9)}.csv.gz', line ${rng.int(2, 90_000)}, character 1\n  Row ${rng.int(1, 89_999)} starts at line ${rng.int(2, 90_000)}, column "${table.toUpperCase()}"[${rng.int(10, 14)}]\n  If you would like to continue loading when an error is encountered, use other values such as 'SKIP_FILE' or 'CONTINUE' for the ON_ERROR option. For more information on loading options, please run 'info loading_data' in a SQL client.`,
    ]);
    return failSql(context, {
      exception: `snowflake.connector.errors.ProgrammingError: ${message}`,
    });
  },
};

const bigQueryDataErrors: Scenario = {
  name: 'BigQuery could not read or merge the data',
  operators: ['BigQueryInsertJobOperator'],
  durationS: seconds(5, 1800),
  write(context) {
    const { rng, task } = context;
    const file = `gs://${task.company.slug}-landing/${rng.choice(task.company.tables)}/${logicalDs(context)}/part-0000${rng.int(0, 9)}.${rng.choice(['csv', 'json'])}`;
    return failBigQuery(
      context,
      'BadRequest',
      rng.choice([
        `400 Error while reading data, error message: CSV table encountered too many errors, giving up. Rows: ${rng.int(1, 90_000)}; errors: 1. Please look into the errors[] collection for more details. File: ${file}`,
        `400 Error while reading data, error message: JSON table encountered too many errors, giving up. Rows: ${rng.int(1, 90_000)}; errors: 1. Please look into the errors[] collection for more details. File: ${file}`,
        '400 UPDATE/MERGE must match at most one source row for each target row',
        `400 Bad int64 value: ${rng.choice(['12.5', 'N/A', '1e6', ''])}`,
      ]),
    );
  },
};

const malformedJson: Scenario = {
  name: 'upstream delivered malformed JSON',
  operators: PYTHON_OPERATORS,
  durationS: seconds(3, 400),
  write(context) {
    const { rng, deployment } = context;
    const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
    const char = rng.int(100, 9_000_000);
    return failPython(context, {
      frames: [
        callableFrame(context, 'records = [json.loads(line) for line in body.splitlines()]'),
        {
          file: `${stdlib}/json/__init__.py`,
          line: 346,
          func: 'loads',
          code: 'return _default_decoder.decode(s)',
        },
        {
          file: `${stdlib}/json/decoder.py`,
          line: 337,
          func: 'decode',
          code: 'obj, end = self.raw_decode(s, idx=_w(s, 0).end())',
        },
        {
          file: `${stdlib}/json/decoder.py`,
          line: 353,
          func: 'raw_decode',
          code: 'obj, end = self.scan_once(s, idx)',
        },
      ],
      exception: rng.choice([
        `json.decoder.JSONDecodeError: Expecting ',' delimiter: line 1 column ${char + 1} (char ${char})`,
        `json.decoder.JSONDecodeError: Unterminated string starting at: line 1 column ${char + 1} (char ${char})`,
        `json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column ${char + 1} (char ${char})`,
      ]),
    });
  },
};

const sparkSchemaDrift: Scenario = {
  name: 'Spark input schema changed',
  weight: 1.2,
  operators: ['SparkSubmitOperator'],
  durationS: seconds(60, 2400),
  write(context) {
    const { rng, task } = context;
    const column = rng.choice(task.company.columns);
    const table = rng.choice(task.company.tables);
    if (chance(rng, 0.5)) {
      const message = `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name \`${column}_id\` cannot be resolved. Did you mean one of the following? [\`${column}\`, \`${rng.choice(task.company.columns)}\`, \`${rng.choice(task.company.columns)}\`].;\n'Project ['${column}_id, ${rng.choice(task.company.columns)}#${rng.int(10, 900)}]\n+- Relation [${task.company.columns
        .slice(0, 4)
        .map((name, index) => `${name}#${index + 12}`)
        .join(',')}] parquet`;
      writeSparkApplicationFailure(context, {
        warnings: [],
        javaException: `org.apache.spark.sql.AnalysisException: ${message}`,
        pythonException: `pyspark.errors.exceptions.captured.AnalysisException: ${message}`,
      });
      return failSpark(context, []);
    }
    const stage = `${rng.int(1, 12)}.0`;
    const file = `s3a://${task.company.bucket}/${table}/ds=${logicalDs(context)}/part-${rng.int(0, 199).toString().padStart(5, '0')}-${rng.int(1000, 9999)}.snappy.parquet`;
    writeSparkApplicationFailure(context, {
      warnings: [
        `WARN TaskSetManager: Lost task ${rng.int(0, 200)}.0 in stage ${stage} (TID ${rng.int(10, 900)}): org.apache.spark.sql.execution.QueryExecutionException: Parquet column cannot be converted in file ${file}. Column: [${column}], Expected: bigint, Found: DOUBLE`,
      ],
      javaException: `org.apache.spark.SparkException: Job aborted due to stage failure: Task ${rng.int(0, 200)} in stage ${stage} failed 4 times, most recent failure: org.apache.spark.sql.execution.QueryExecutionException: Parquet column cannot be converted in file ${file}. Column: [${column}], Expected: bigint, Found: DOUBLE\nDriver stacktrace:\n${javaStack(dagSchedulerFrames.slice(0, 5)).join('\n')}`,
    });
    return failSpark(context, []);
  },
};

const trainingDataProblems: Scenario = {
  name: 'training data unusable: NaNs, one class, drifted labels',
  operators: PYTHON_OPERATORS,
  durationS: seconds(20, 2400),
  write(context) {
    const { rng } = context;
    const model = rng.choice(['LogisticRegression', 'LinearRegression', 'SVC', 'KMeans']);
    const variant = rng.int(0, 2);
    if (variant === 2) {
      const rate = uniform(rng, 0, 0.6).toFixed(2);
      userWarning(context, `Positive rate ${rate}% is outside the expected range 2.5%-9.0%`);
      return failPython(context, {
        frames: [
          callableFrame(context, 'check_label_distribution(train_df)'),
          moduleFrame(
            context,
            'check_label_distribution',
            'assert LOW <= positive_rate <= HIGH, f"label distribution drifted: positive rate {positive_rate:.2%} (expected {LOW:.1%}-{HIGH:.1%})"',
          ),
        ],
        exception: `AssertionError: label distribution drifted: positive rate ${rate}% (expected 2.5%-9.0%)`,
      });
    }
    const frames = [
      callableFrame(context, 'model = fit_model(features, labels)'),
      moduleFrame(context, 'fit_model', 'estimator.fit(X_train, y_train)'),
      libraryFrame(
        context,
        'sklearn/base.py',
        1473,
        'wrapper',
        'return fit_method(estimator, *args, **kwargs)',
      ),
    ];
    if (variant === 0) {
      frames.push(
        libraryFrame(
          context,
          'sklearn/linear_model/_logistic.py',
          1223,
          'fit',
          'X, y = self._validate_data(',
        ),
        libraryFrame(context, 'sklearn/utils/validation.py', 1147, 'check_X_y', 'X = check_array('),
        libraryFrame(
          context,
          'sklearn/utils/validation.py',
          1003,
          'check_array',
          '_assert_all_finite(',
        ),
        libraryFrame(
          context,
          'sklearn/utils/validation.py',
          170,
          '_assert_all_finite_element_wise',
          'raise ValueError(msg_err)',
        ),
      );
      return failPython(context, {
        frames,
        exception: `ValueError: Input X contains NaN.\n${model} does not accept missing values encoded as NaN natively. For supervised learning, you might want to consider sklearn.ensemble.HistGradientBoostingClassifier and Regressor which accept missing values encoded as NaNs natively. Alternatively, it is possible to preprocess the data, for instance by using an imputer transformer in a pipeline or drop samples with missing values. See https://scikit-learn.org/stable/modules/impute.html You can find a list of all estimators that handle NaN values at the following page: https://scikit-learn.org/stable/modules/impute.html#estimators-that-handle-nan-values`,
      });
    }
    frames.push(
      libraryFrame(context, 'sklearn/linear_model/_logistic.py', 1264, 'fit', 'raise ValueError('),
    );
    return failPython(context, {
      frames,
      exception: `ValueError: This solver needs samples of at least 2 classes in the data, but the data contains only one class: ${rng.choice(['0', '1', 'False'])}`,
    });
  },
};

const schemaValidation: Scenario = {
  name: 'data frame schema check failed',
  operators: PYTHON_OPERATORS,
  durationS: seconds(5, 600),
  write(context) {
    const { rng, task } = context;
    const column = rng.choice(task.company.columns);
    const cases = Array.from({ length: rng.int(1, 6) }, () => -rng.int(1, 99_999)).join(', ');
    return failPython(context, {
      frames: [
        callableFrame(context, 'validated = SCHEMA.validate(frame, lazy=False)'),
        libraryFrame(
          context,
          'pandera/api/pandas/container.py',
          126,
          'validate',
          'return self._validate(',
        ),
        libraryFrame(
          context,
          'pandera/backends/pandas/container.py',
          104,
          'validate',
          'error_handler.collect_error(',
        ),
        libraryFrame(
          context,
          'pandera/api/base/error_handler.py',
          54,
          'collect_error',
          'raise schema_error from original_exc',
        ),
      ],
      exception: `pandera.errors.SchemaError: Column '${column}' failed element-wise validator number 0: greater_than_or_equal_to(0) failure cases: ${cases}`,
    });
  },
};

const deltaMergeDuplicates: Scenario = {
  name: 'Delta MERGE matched several source rows',
  operators: ['DatabricksSubmitRunOperator'],
  durationS: seconds(120, 3600),
  write(context) {
    const { rng, task } = context;
    const error = rng.choice([
      '[DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE] Cannot perform Merge as multiple source rows matched and attempted to modify the same target row in the Delta table in possibly conflicting ways.',
      `[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: ${rng.choice(task.company.columns)}.`,
      `[CAST_INVALID_INPUT] The value '${badValue(context)}' of the type "STRING" cannot be cast to "DECIMAL(18,2)" because it is malformed.`,
    ]);
    databricksState(context, 'TERMINATED', 'FAILED', '');
    return failDatabricks(
      context,
      "{'life_cycle_state': 'TERMINATED', 'result_state': 'FAILED', 'state_message': ''}",
      `[{'task_key': '${task.taskId}', 'run_id': ${rng.int(100_000, 999_999)}, 'error': '${error}'}]`,
    );
  },
};

const containerValidation: Scenario = {
  name: 'batch container rejected its input',
  operators: ['KubernetesPodOperator'],
  durationS: seconds(60, 2400),
  write(context) {
    const { rng, task } = context;
    const column = rng.choice(task.company.columns);
    const bad = rng.int(10, 90_000);
    return failPod(
      context,
      [
        `ERROR validate: ${withCommas(bad)} rows failed input checks (column ${column}: ${rng.choice(['negative values', 'nulls in required field', 'values outside domain', 'duplicate keys'])})`,
        `ERROR validate: sample of rejected keys: ${Array.from({ length: 3 }, () => rng.int(1000, 9_999_999)).join(', ')}`,
        'FATAL aborting: rejected rows above threshold (0.5%)',
      ],
      { exitCode: 2, reason: 'Error' },
    );
  },
};

/** Failures whose root cause is the data itself: missing, malformed, duplicated or out of range. */
export const dataQualityScenarios: readonly Scenario[] = [
  validationSuite,
  dbtTests,
  dbtModelDataError,
  missingColumn,
  conversionErrors,
  constraintViolations,
  redshiftLoadErrors,
  sqlCheckFailed,
  snowflakeDataErrors,
  bigQueryDataErrors,
  malformedJson,
  sparkSchemaDrift,
  trainingDataProblems,
  schemaValidation,
  deltaMergeDuplicates,
  containerValidation,
];
