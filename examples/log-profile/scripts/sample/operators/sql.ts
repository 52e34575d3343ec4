import type { Ending, ScenarioContext } from '../context';
import { hex, uniform, withCommas } from '../random-helpers';
import { type Frame, frameworkFrames, libraryFrame } from '../traceback';
import { failWithTraceback, logicalDs, stablePick, usingConnection } from './shared';

const sqlOperatorFile = 'airflow/providers/common/sql/operators/sql.py';
const sqlHookFile = 'airflow/providers/common/sql/hooks/sql.py';

/** The schema, table and key column the task works on, stable per task. */
export function taskTable(context: ScenarioContext): {
  schema: string;
  table: string;
  column: string;
} {
  const { company } = context.task;
  return {
    schema: stablePick(context, 'schema', company.schemas),
    table: stablePick(context, 'table', company.tables),
    column: stablePick(context, 'column', company.columns),
  };
}

/** The S3 key prefix the task reads, stable per task. */
export function s3Prefix(context: ScenarioContext): string {
  const { table } = taskTable(context);
  return `s3://${context.task.company.bucket}/${stablePick(context, 's3-root', ['raw', 'landing', 'exports'])}/${table}/ds=${logicalDs(context)}/`;
}

/** The SQL the task runs, stable per task. */
export function taskStatement(context: ScenarioContext): string {
  const { operator } = context.task;
  const ds = logicalDs(context);
  const { schema, table, column } = taskTable(context);
  if (operator === 'SnowflakeOperator') {
    const upper = `${schema}.${table}`.toUpperCase();
    return stablePick(context, 'statement', [
      `MERGE INTO ${upper} t USING STAGING.${table.toUpperCase()}_DELTA s ON t.${column.toUpperCase()} = s.${column.toUpperCase()} WHEN MATCHED THEN UPDATE SET t.PAYLOAD = s.PAYLOAD, t.UPDATED_AT = s.UPDATED_AT WHEN NOT MATCHED THEN INSERT (${column.toUpperCase()}, PAYLOAD, UPDATED_AT) VALUES (s.${column.toUpperCase()}, s.PAYLOAD, s.UPDATED_AT);`,
      `COPY INTO RAW.${table.toUpperCase()} FROM @RAW.S3_LANDING/${table}/${ds}/ FILE_FORMAT = (TYPE = PARQUET) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;`,
      `INSERT OVERWRITE INTO ${upper}_DAILY SELECT DATE_TRUNC('day', UPDATED_AT) AS DAY, COUNT(*) AS N FROM ${upper} WHERE UPDATED_AT >= '${ds}' GROUP BY 1;`,
    ]);
  }
  if (operator === 'SQLCheckOperator') {
    return stablePick(context, 'statement', [
      `SELECT COUNT(*) FROM ${schema}.${table} WHERE ds = '${ds}'`,
      `SELECT COUNT(*) = 0 FROM ${schema}.${table} WHERE ds = '${ds}' AND ${column} IS NULL`,
      `SELECT ABS(SUM(amount) - (SELECT SUM(amount) FROM staging.${table} WHERE ds = '${ds}')) < 0.01 FROM ${schema}.${table} WHERE ds = '${ds}'`,
    ]);
  }
  if (operator === 'S3ToRedshiftOperator') {
    return `\n                    COPY ${schema}.${table} \n                    FROM '${s3Prefix(context)}'\n                    credentials\n                    'aws_access_key_id=AKIA****************;aws_secret_access_key=********'\n                    ${stablePick(context, 'copy-options', ["CSV IGNOREHEADER 1 DATEFORMAT 'auto'", 'FORMAT AS PARQUET', "JSON 'auto' GZIP"])};\n        `;
  }
  return stablePick(context, 'statement', [
    `INSERT INTO ${schema}.${table} SELECT * FROM staging.${table} WHERE ds = '${ds}';`,
    `REFRESH MATERIALIZED VIEW CONCURRENTLY ${schema}.${table}_daily;`,
    `DELETE FROM ${schema}.${table} WHERE ds = '${ds}';`,
    `CALL ${schema}.upsert_${table}('${ds}');`,
  ]);
}

function runningStatementLine(context: ScenarioContext): number {
  const minor = context.deployment.release.minor;
  return minor >= 9 ? 470 : minor >= 8 ? 450 : 418;
}

/** Writes the hook's "Running statement" line for `statement`. */
export function runningStatement(context: ScenarioContext, statement: string): void {
  context.log.info(
    `sql.py:${runningStatementLine(context)}`,
    `Running statement: ${statement}, parameters: None`,
  );
}

/** Lines SQL operators write before their first statement runs. */
export function startSql(context: ScenarioContext): void {
  const { log, rng, task, deployment } = context;
  const statement = taskStatement(context);
  if (task.operator === 'S3ToRedshiftOperator') {
    usingConnection(context, 'redshift');
    usingConnection(context, 'aws');
    log.info('s3_to_redshift.py:190', 'Executing COPY command...');
    return;
  }
  if (task.operator === 'SQLCheckOperator') {
    log.info('sql.py:1157', `Executing SQL check: ${statement}`);
    usingConnection(
      context,
      task.company.warehouseHost.includes('redshift') ? 'redshift' : 'postgres',
    );
    return;
  }
  log.info('sql.py:276', `Executing: ${statement}`);
  if (task.operator === 'SnowflakeOperator') {
    usingConnection(context, 'snowflake');
    log.info(
      'connection.py:399',
      `Snowflake Connector for Python Version: ${rng.choice(['3.6.0', '3.7.1', '3.10.0', '3.12.1'])}, Python Version: ${deployment.pythonVersion}.${rng.int(2, 14)}, Platform: Linux-5.10.${rng.int(100, 230)}-${rng.int(180, 230)}.amzn2.x86_64-x86_64-with-glibc2.36`,
    );
    log.info(
      'connection.py:1239',
      'This connection is in OCSP Fail Open Mode. TLS Certificates would be checked for validity and revocation status. Any other Certificate Revocation related exceptions or OCSP Responder failures would be disregarded in favor of connectivity.',
    );
    return;
  }
  usingConnection(context, 'postgres');
}

/** Earlier statements of a multi-statement task, each with its row count. */
export function sqlProgress(context: ScenarioContext, count: number): void {
  const { rng, log, task } = context;
  const statements = Math.min(count, 40);
  log.pace(rng, statements, log.remainingMs * uniform(rng, 0.3, 0.8), (_, stepMs) => {
    const table = `${rng.choice(task.company.schemas)}.${rng.choice(task.company.tables)}`;
    const statement = rng.choice([
      `ANALYZE ${table};`,
      `DELETE FROM ${table} WHERE ds = '${logicalDs(context)}';`,
      `INSERT INTO ${table} SELECT * FROM staging.${table.split('.')[1]} WHERE ds = '${logicalDs(context)}';`,
      `UPDATE ${table} SET is_current = false WHERE valid_to < '${logicalDs(context)}';`,
    ]);
    if (task.operator === 'SnowflakeOperator') {
      log.info('cursor.py:1028', `query: [${statement.toUpperCase().slice(0, 80)}]`);
      log.advance(stepMs * uniform(rng, 0.1, 0.3));
      log.info('cursor.py:1041', 'query execution done');
      log.info(
        'snowflake.py:437',
        `Snowflake query id: ${hex(rng, 8)}-0602-${hex(rng, 4)}-0000-${hex(rng, 12)}`,
      );
    } else {
      runningStatement(context, statement);
      log.advance(stepMs * uniform(rng, 0.1, 0.3));
    }
    log.info(
      `sql.py:${runningStatementLine(context) + 9}`,
      `Rows affected: ${withCommas(rng.int(0, 2_000_000))}`,
    );
  });
}

/** The frames from the SQL operator down to `cursor.execute`, Airflow's and the hook's. */
export function sqlExecuteFrames(context: ScenarioContext): Frame[] {
  const frames = frameworkFrames(context);
  if (context.task.operator === 'S3ToRedshiftOperator') {
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/amazon/aws/transfers/s3_to_redshift.py',
        191,
        'execute',
        'redshift_hook.run(sql, autocommit=self.autocommit)',
      ),
    );
  } else {
    frames.push(libraryFrame(context, sqlOperatorFile, 282, 'execute', 'output = hook.run('));
  }
  if (context.task.operator === 'SnowflakeOperator') {
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/snowflake/hooks/snowflake.py',
        406,
        'run',
        'self._run_command(cur, sql_statement, parameters)',
      ),
    );
  } else {
    frames.push(
      libraryFrame(
        context,
        sqlHookFile,
        404,
        'run',
        'self._run_command(cur, sql_statement, parameters)',
      ),
    );
  }
  frames.push(
    libraryFrame(context, sqlHookFile, 451, '_run_command', 'cur.execute(sql_statement)'),
  );
  return frames;
}

/** The frames from the SQL operator down to opening the database connection. */
export function sqlConnectFrames(context: ScenarioContext): Frame[] {
  return [
    ...frameworkFrames(context),
    libraryFrame(context, sqlOperatorFile, 282, 'execute', 'output = hook.run('),
    libraryFrame(context, sqlHookFile, 391, 'run', 'with closing(self.get_conn()) as conn:'),
    libraryFrame(
      context,
      'airflow/providers/postgres/hooks/postgres.py',
      158,
      'get_conn',
      'self.conn = psycopg2.connect(**conn_args)',
    ),
    libraryFrame(
      context,
      'psycopg2/__init__.py',
      122,
      'connect',
      'conn = _connect(dsn, connection_factory=connection_factory, **kwasync)',
    ),
  ];
}

/** The frames inside the Snowflake connector that raise a server-side error. */
function snowflakeErrorFrames(context: ScenarioContext): Frame[] {
  return [
    libraryFrame(
      context,
      'snowflake/connector/cursor.py',
      1080,
      'execute',
      'Error.errorhandler_wrapper(self.connection, self, error_class, errvalue)',
    ),
    libraryFrame(
      context,
      'snowflake/connector/errors.py',
      290,
      'errorhandler_wrapper',
      'handed_over = Error.hand_to_other_handler(',
    ),
    libraryFrame(
      context,
      'snowflake/connector/errors.py',
      345,
      'hand_to_other_handler',
      'cursor.errorhandler(connection, cursor, error_class, error_value)',
    ),
    libraryFrame(
      context,
      'snowflake/connector/errors.py',
      221,
      'default_errorhandler',
      'raise error_class(',
    ),
  ];
}

/** A Snowflake query id. */
export function snowflakeQueryId(context: ScenarioContext): string {
  const { rng } = context;
  return `01b${hex(rng, 5)}-0${rng.int(100, 999)}-${hex(rng, 4)}-0000-${hex(rng, 12)}`;
}

/** Parts of a failing SQL statement. */
export interface SqlFailure {
  /** `module.Class: message` of the database error. */
  exception: string;
  /** The statement that failed; the task's own statement unless given. */
  statement?: string;
  /** Lines the database or the hook logged before the error. */
  before?: readonly string[];
}

/**
 * Fails a SQL operator task in `cursor.execute`: logs the statement (and for Snowflake
 * the query), then the driver's exception below the operator and hook frames.
 */
export function failSql(context: ScenarioContext, failure: SqlFailure): Ending {
  const { log, rng, task } = context;
  const statement = failure.statement ?? taskStatement(context);
  log.advance(rng.int(100, 2000));
  if (task.operator === 'SnowflakeOperator') {
    log.info('cursor.py:1028', `query: [${statement.slice(0, 90)}...]`);
  } else {
    runningStatement(context, statement);
  }
  for (const line of failure.before ?? [])
    log.info(`sql.py:${runningStatementLine(context) + 6}`, line);
  const frames = sqlExecuteFrames(context);
  if (task.operator === 'SnowflakeOperator') frames.push(...snowflakeErrorFrames(context));
  return failWithTraceback(context, [{ frames, exception: failure.exception }]);
}

/** Fails a SQLCheckOperator task whose check query returned a falsy row. */
export function failSqlCheck(context: ScenarioContext, result: string): Ending {
  const statement = taskStatement(context);
  context.log.info('sql.py:1163', `Record: ${result}`);
  return failWithTraceback(context, [
    {
      frames: [
        ...frameworkFrames(context),
        libraryFrame(
          context,
          sqlOperatorFile,
          1170,
          'execute',
          'self._raise_exception(f"Test failed.\\nQuery:\\n{self.sql}\\nResults:\\n{records!s}")',
        ),
        libraryFrame(
          context,
          sqlOperatorFile,
          196,
          '_raise_exception',
          'raise AirflowException(exception_string)',
        ),
      ],
      exception: `airflow.exceptions.AirflowException: Test failed.\nQuery:\n${statement}\nResults:\n${result}`,
    },
  ]);
}
