import type { Ending, ScenarioContext } from '../context';
import { uniform, withCommas } from '../random-helpers';
import { frameworkFrames, libraryFrame } from '../traceback';
import { failWithTraceback, stablePick } from './shared';

const outputSource = 'dbt_hook.py:130';

/** The dbt models of the task's project, named after the company's tables. */
export function dbtModels(context: ScenarioContext): string[] {
  const { company } = context.task;
  return company.tables.flatMap((table) => [
    `stg_${table}`,
    `int_${table}_enriched`,
    `fct_${table}`,
  ]);
}

/** Names of the dbt tests of the task's project, as dbt derives them from schema.yml. */
export function dbtTestNames(context: ScenarioContext): string[] {
  const { company } = context.task;
  return company.tables.flatMap((table) =>
    company.columns
      .slice(0, 3)
      .flatMap((column) => [
        `not_null_stg_${table}_${column}`,
        `unique_stg_${table}_${column}`,
        `relationships_fct_${table}_${column}__${column}__ref_dim_${column.replace(/_id$/, '')}_`,
      ]),
  );
}

/** Writes a line of dbt's output with dbt's own `HH:MM:SS` prefix. */
function dbtLine(context: ScenarioContext, text: string): void {
  const time = new Date(context.log.startMs + context.log.offsetMs).toISOString().slice(11, 19);
  context.log.info(outputSource, text === '' ? `${time}  ` : `${time}  ${text}`);
}

/** `run` or `test`, after the operator. */
function dbtSubcommand(context: ScenarioContext): 'run' | 'test' {
  return context.task.operator === 'DbtTestOperator' ? 'test' : 'run';
}

/** The dbt command line, stable per task. */
function dbtCommand(context: ScenarioContext): string {
  const selector = stablePick(context, 'selector', [
    'tag:daily',
    'tag:finance',
    'marts',
    '+fct_',
    'state:modified+',
  ]);
  return `dbt ${dbtSubcommand(context)} --profiles-dir /opt/airflow/dbt/profiles --project-dir /opt/airflow/dbt/${context.task.company.dbtProject} --target prod --select ${selector}`;
}

/** The adapter the dbt project runs on, stable per task. */
export function dbtAdapter(
  context: ScenarioContext,
): 'snowflake' | 'redshift' | 'bigquery' | 'postgres' {
  return stablePick(context, 'adapter', ['snowflake', 'redshift', 'bigquery', 'postgres'] as const);
}

/** Lines dbt writes before it runs the first node; sets the node total of `context.progress`. */
export function startDbt(context: ScenarioContext): void {
  const { log, rng } = context;
  const models = dbtModels(context).length + stablePick(context, 'extra-models', [12, 27, 46, 81]);
  const tests = dbtTestNames(context).length + stablePick(context, 'extra-tests', [20, 64, 131]);
  context.progress.total = dbtSubcommand(context) === 'test' ? tests : models;
  log.info('dbt_hook.py:117', dbtCommand(context));
  log.info('dbt_hook.py:126', 'Output:');
  log.advance(rng.int(800, 3000));
  dbtLine(context, `Running with dbt=${rng.choice(['1.6.9', '1.7.4', '1.7.11', '1.8.2'])}`);
  dbtLine(
    context,
    `Registered adapter: ${dbtAdapter(context)}=${rng.choice(['1.6.4', '1.7.2', '1.8.0'])}`,
  );
  log.advance(rng.int(1000, 6000));
  dbtLine(
    context,
    `Found ${models} models, ${tests} tests, ${rng.int(3, 30)} sources, 0 exposures, 0 metrics, ${rng.int(400, 700)} macros, 0 groups, 0 semantic models`,
  );
  dbtLine(context, '');
  dbtLine(context, `Concurrency: ${rng.choice([4, 8, 16])} threads (target='prod')`);
  dbtLine(context, '');
}

/** The `N of M` prefix of the next node dbt runs; counts it as done. */
function nextDbtNode(context: ScenarioContext): string {
  const { progress } = context;
  progress.done += 1;
  progress.total = Math.max(progress.total, progress.done);
  return `${progress.done} of ${progress.total}`;
}

function dots(context: ScenarioContext): string {
  return '.'.repeat(context.rng.int(4, 30));
}

/** `N of M START …` and `OK created …` (or `PASS …`) lines of nodes that succeed. */
export function dbtProgress(context: ScenarioContext, count: number): void {
  const { rng, log, task, progress } = context;
  const testing = dbtSubcommand(context) === 'test';
  const names = testing ? dbtTestNames(context) : dbtModels(context);
  // Leave a few nodes for the failure the scenario writes.
  const pairs = Math.min(Math.floor(count / 2), Math.max(0, progress.total - 4));
  log.pace(rng, pairs, log.remainingMs * uniform(rng, 0.4, 0.85), (_, stepMs) => {
    const node = nextDbtNode(context);
    if (testing) {
      const test = rng.choice(names);
      dbtLine(context, `${node} START test ${test} ${dots(context)} [RUN]`);
      log.advance(stepMs * uniform(rng, 0.1, 0.3));
      dbtLine(
        context,
        `${node} PASS ${test} ${dots(context)} [PASS in ${uniform(rng, 0.2, 30).toFixed(2)}s]`,
      );
      return;
    }
    const model = `${rng.choice(task.company.schemas)}.${rng.choice(names)}`;
    const kind = rng.choice(['table', 'view', 'incremental']);
    dbtLine(context, `${node} START sql ${kind} model ${model} ${dots(context)} [RUN]`);
    log.advance(stepMs * uniform(rng, 0.1, 0.3));
    const result = kind === 'view' ? 'CREATE VIEW' : `SUCCESS ${withCommas(rng.int(1, 5_000_000))}`;
    dbtLine(
      context,
      `${node} OK created sql ${kind} model ${model} ${dots(context)} [${result} in ${uniform(rng, 0.3, 120).toFixed(2)}s]`,
    );
  });
}

/** The `N of M ERROR creating …` line of a model that failed. */
export function dbtModelError(context: ScenarioContext, model: string, kind = 'table'): string {
  const seconds = uniform(context.rng, 0.2, 0.9) * (context.log.durationMs / 1000);
  return `${nextDbtNode(context)} ERROR creating sql ${kind} model ${model} ${dots(context)} [ERROR in ${seconds.toFixed(2)}s]`;
}

/** The `N of M FAIL k …` line of a test that found `failures` rows. */
export function dbtTestFailure(context: ScenarioContext, test: string, failures: number): string {
  return `${nextDbtNode(context)} FAIL ${failures} ${test} ${dots(context)} [FAIL ${failures} in ${uniform(context.rng, 0.3, 20).toFixed(2)}s]`;
}

/**
 * dbt's summary block: `Finished running …`, `Completed with N errors`, `details`, and
 * the totals, consistent with the nodes counted in `context.progress`.
 */
export function dbtSummary(
  context: ScenarioContext,
  errors: number,
  details: readonly string[],
): string[] {
  const { rng, log, progress } = context;
  const warn = progress.done > errors + 2 ? rng.int(0, 2) : 0;
  const pass = Math.max(0, progress.done - errors - warn);
  const skip = Math.max(0, progress.total - progress.done);
  const total = pass + warn + errors + skip;
  // The summary is printed a few seconds before the attempt ends.
  const elapsed = Math.max(1, log.durationMs / 1000 - uniform(rng, 2, 9));
  const what =
    dbtSubcommand(context) === 'test'
      ? `${total} tests`
      : `${Math.max(0, total - 2)} table models, ${Math.min(2, total)} view models`;
  return [
    '',
    `Finished running ${what} in ${Math.floor(elapsed / 3600)} hours ${Math.floor((elapsed % 3600) / 60)} minutes and ${(elapsed % 60).toFixed(2)} seconds (${elapsed.toFixed(2)}s).`,
    '',
    `Completed with ${errors} error${errors === 1 ? '' : 's'} and ${warn} warning${warn === 1 ? '' : 's'}:`,
    '',
    ...details,
    '',
    `Done. PASS=${pass} WARN=${warn} ERROR=${errors} SKIP=${skip} TOTAL=${total}`,
  ];
}

/** Fails a dbt task: writes dbt's closing output, then the hook's `dbt command failed`. */
export function failDbt(context: ScenarioContext, output: readonly string[]): Ending {
  const { log, rng } = context;
  log.moveTo(log.durationMs - rng.int(2000, 9000) - 300 * output.length);
  for (const line of output) {
    log.advance(rng.int(0, 300));
    dbtLine(context, line);
  }
  log.info('dbt_hook.py:132', 'Command exited with return code 1');
  return failWithTraceback(context, [
    {
      frames: [
        ...frameworkFrames(context),
        libraryFrame(
          context,
          'airflow_dbt/operators/dbt_operator.py',
          dbtSubcommand(context) === 'test' ? 112 : 98,
          'execute',
          `self.create_hook().run_cli('${dbtSubcommand(context)}')`,
        ),
        libraryFrame(
          context,
          'airflow_dbt/hooks/dbt_hook.py',
          138,
          'run_cli',
          'raise AirflowException("dbt command failed")',
        ),
      ],
      exception: 'airflow.exceptions.AirflowException: dbt command failed',
    },
  ]);
}
