import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { readTestEnvironmentSettings, startTestEnvironment } from './environment';
import {
  isContinuousIntegration,
  providedContextKey,
  type ServiceName,
  serviceNames,
  settingNames,
  type TestEnvironmentInfo,
  environmentVariableNames as variables,
} from './provided-context';

/**
 * Sets the `DAGNOSTICS_TEST_*` / `REDIS_URL` variables (see `environmentVariableNames`) for the
 * services that are up, and unsets them for the rest, so a value inherited from the shell
 * never points tests at something this run did not check. Test workers inherit them.
 */
function exportEnvironmentVariables(info: TestEnvironmentInfo): void {
  const { services } = info;
  const values: Record<string, string | undefined> = {
    [variables.mlflowSqliteUri]: services['mlflow-sqlite'].available
      ? services['mlflow-sqlite'].info.uri
      : undefined,
    [variables.mlflowPostgresUri]: services['mlflow-postgres'].available
      ? services['mlflow-postgres'].info.uri
      : undefined,
    [variables.mlflowAuthUri]: services['mlflow-auth'].available
      ? services['mlflow-auth'].info.uri
      : undefined,
    [variables.mlflowAuthUsername]: services['mlflow-auth'].available
      ? services['mlflow-auth'].info.username
      : undefined,
    [variables.mlflowAuthPassword]: services['mlflow-auth'].available
      ? services['mlflow-auth'].info.password
      : undefined,
    [variables.redisUrl]: services.redis.available ? services.redis.info.url : undefined,
    [variables.postgresUri]: services.postgres.available ? services.postgres.info.uri : undefined,
  };
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

const serviceTestPattern = /[\\/]test[\\/]integration[\\/]/;

/**
 * Whether any test file of this run needs the services: it lives in `test/integration/` or
 * imports `scripts/test-env/services`. Lets `vitest run packages/core` skip the 20-30 s MLflow
 * start. When the file list is unknown (the state API is experimental), assume yes.
 */
function runIncludesServiceTests(project: TestProject): boolean {
  let paths: string[];
  try {
    paths = project.vitest.state.getPaths();
  } catch {
    return true;
  }
  if (paths.length === 0) return true;
  return paths.some((path) => {
    if (serviceTestPattern.test(path)) return true;
    try {
      return readFileSync(path, 'utf8').includes('test-env/services');
    } catch {
      return true;
    }
  });
}

function describeService(info: TestEnvironmentInfo, name: ServiceName): string {
  const state = info.services[name];
  if (!state.available) return `  - ${name}: ${state.deselected ? 'not started' : 'UNAVAILABLE'}`;
  const { info: service } = state;
  const location =
    'uri' in service
      ? service.uri
      : 'url' in service
        ? service.url
        : `${service.binary} ${service.version}`;
  return `  + ${name}: ${location}`;
}

/**
 * Vitest global setup: starts the services of `environment.ts`, hands them to the tests through
 * `project.provide('dagnosticsTestEnvironment', ...)` and environment variables, and returns the
 * teardown. With `CI=true` a service that should be there and is not fails the whole run;
 * elsewhere its tests skip (see `services.ts`) after the loud notice printed here.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = readTestEnvironmentSettings(process.env, runIncludesServiceTests(project));
  const environment = await startTestEnvironment(settings);
  const { info } = environment;
  exportEnvironmentVariables(info);
  project.provide(providedContextKey, info);

  if (settings.selectedServices.size === 0) {
    console.log(`[test-env] services ${settings.deselectedReason}`);
    return environment.stop;
  }
  const seconds = (environment.startDurationMs / 1000).toFixed(1);
  console.log(
    [
      `[test-env] run ${info.runId}: services started in ${seconds} s`,
      ...serviceNames.map((name) => describeService(info, name)),
    ].join('\n'),
  );

  const missing = serviceNames.flatMap((name) => {
    const state = info.services[name];
    return !state.available && !state.deselected ? [`${name}: ${state.reason}`] : [];
  });
  if (missing.length === 0) return environment.stop;

  if (isContinuousIntegration()) {
    await environment.stop();
    throw new Error(
      `[test-env] CI=true and ${missing.length} test service(s) are unavailable:\n\n` +
        `${missing.join('\n\n')}\n\n` +
        `Start them with the commands above or, for a unit-only run, set ` +
        `${settingNames.services}=none.`,
    );
  }
  const rule = '!'.repeat(78);
  console.warn(
    [
      rule,
      `[test-env] ${missing.length} service(s) unavailable: their tests will be SKIPPED.`,
      '(With CI=true this fails the run.)',
      '',
      ...missing,
      rule,
    ].join('\n'),
  );
  return environment.stop;
}
