/**
 * Test-side access to the services the global setup (`global-setup.ts`) starts: three MLflow
 * servers, Redis and a per-run PostgreSQL database. Import it by relative path from any test:
 *
 * ```ts
 * import { it } from 'vitest';
 * import { describeWithService } from '../../../scripts/test-env/services';
 *
 * describeWithService('mlflow-sqlite', 'experiments against a real server', (mlflow) => {
 *   it('creates an experiment', async () => {
 *     await fetch(`${mlflow.uri}/api/2.0/mlflow/experiments/create`, { ... });
 *   });
 * });
 * ```
 *
 * A missing service never passes silently: with `CI=true` the tests that need it fail (the setup
 * has usually failed the run already); elsewhere they are reported as skipped, with the reason
 * in the test name and a warning on stderr. Services left out on purpose with
 * `DAGNOSTICS_TEST_SERVICES` skip in CI too.
 */
import { describe, inject, it } from 'vitest';
import {
  isContinuousIntegration,
  type MlflowAuthServerInfo,
  type MlflowServerInfo,
  providedContextKey,
  type ServiceInfoByName,
  type ServiceName,
  type ServiceState,
  serviceNames,
  type TestEnvironmentInfo,
} from './provided-context';

export { queryDatabase } from './postgres';
export type {
  MlflowAuthServerInfo,
  MlflowServerInfo,
  PostgresInfo,
  RedisInfo,
  ServiceInfoByName,
  ServiceName,
  TestEnvironmentInfo,
} from './provided-context';

/** Thrown (in CI) when a test needs a service the environment does not have. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';

  constructor(
    /** The missing service. */
    readonly service: ServiceName,
    /** Why it is missing and how to start it. */
    readonly reason: string,
  ) {
    super(`test service ${service} is unavailable: ${reason}`);
  }
}

const setupDidNotRun =
  'the vitest global setup did not run: start vitest with the root vitest.config.ts ' +
  '(globalSetup: scripts/test-env/global-setup.ts), e.g. `pnpm test` or `pnpm exec vitest`';

/**
 * Everything the global setup provided. Outside a run that used the setup (another config,
 * an editor plugin), every service is reported unavailable with a reason saying so.
 */
export function getTestEnvironment(): TestEnvironmentInfo {
  const provided = inject(providedContextKey) as TestEnvironmentInfo | undefined;
  if (provided !== undefined) return provided;
  const unavailable = { available: false, deselected: false, reason: setupDidNotRun } as const;
  return {
    runId: 'unknown',
    runDirectory: '',
    pythonExecutable: undefined,
    services: Object.fromEntries(
      serviceNames.map((name) => [name, unavailable]),
    ) as unknown as TestEnvironmentInfo['services'],
  };
}

/** The state of one service: its info when available, else the reason it is not. */
export function getService<Name extends ServiceName>(
  name: Name,
): ServiceState<ServiceInfoByName[Name]> {
  return getTestEnvironment().services[name];
}

const warned = new Set<ServiceName>();

function warnSkipped(name: ServiceName, reason: string): void {
  if (warned.has(name)) return;
  warned.add(name);
  console.warn(`[test-env] SKIPPING tests that need ${name}: ${reason}`);
}

function isFatal(state: ServiceState<unknown>): boolean {
  return !state.available && !state.deselected && isContinuousIntegration();
}

/**
 * The service's info, or `undefined` (after a warning) so the caller can skip, e.g.
 * `const redis = requireService('redis'); it.skipIf(!redis)(...)`.
 *
 * @throws {ServiceUnavailableError} with `CI=true` when the service should be there and is not.
 */
export function requireService<Name extends ServiceName>(
  name: Name,
): ServiceInfoByName[Name] | undefined {
  const state = getService(name);
  if (state.available) return state.info;
  if (isFatal(state)) throw new ServiceUnavailableError(name, state.reason);
  warnSkipped(name, state.reason);
  return undefined;
}

/** The MLflow servers that are up (an absent key means that server is unavailable). */
export function getMlflowServers(): {
  sqlite?: MlflowServerInfo;
  postgres?: MlflowServerInfo;
  auth?: MlflowAuthServerInfo;
} {
  const { services } = getTestEnvironment();
  return {
    ...(services['mlflow-sqlite'].available && { sqlite: services['mlflow-sqlite'].info }),
    ...(services['mlflow-postgres'].available && { postgres: services['mlflow-postgres'].info }),
    ...(services['mlflow-auth'].available && { auth: services['mlflow-auth'].info }),
  };
}

/** The infos of a list of services, keyed by service name. */
export type ServicesOf<Names extends readonly ServiceName[]> = {
  [Name in Names[number]]: ServiceInfoByName[Name];
};

/**
 * A `describe` block that runs only when all `names` are available; `body` receives their
 * infos. Otherwise the block is reported as one skipped test whose name carries the reason,
 * or, with `CI=true`, as one failing test.
 */
export function describeWithServices<const Names extends readonly ServiceName[]>(
  names: Names,
  title: string,
  body: (services: ServicesOf<Names>) => void,
): void {
  const environment = getTestEnvironment();
  const missing = names.filter((name) => !environment.services[name].available);
  if (missing.length === 0) {
    const services = Object.fromEntries(
      names.map((name) => [name, (environment.services[name] as { info: unknown }).info]),
    ) as ServicesOf<Names>;
    describe(title, () => body(services));
    return;
  }
  const reasons = missing.map((name) => {
    const state = environment.services[name];
    return `${name}: ${state.available ? '' : state.reason}`;
  });
  if (missing.some((name) => isFatal(environment.services[name]))) {
    describe(title, () => {
      it(`needs ${missing.join(', ')}`, () => {
        throw new Error(`test service(s) unavailable with CI=true:\n${reasons.join('\n')}`);
      });
    });
    return;
  }
  for (const name of missing) {
    const state = environment.services[name];
    if (!state.available) warnSkipped(name, state.reason);
  }
  skipLoudly(
    `${title} [SKIPPED: ${missing.join(', ')} unavailable]`,
    `needs ${reasons.join('; ')}`,
  );
}

// Only outside CI (with CI=true a missing peer fails the run instead): the block is skipped
// loudly, the reason in the test's title (and, by the callers, on stderr).
function skipLoudly(title: string, need: string): void {
  // Skipped only outside CI, because a service or prerequisite is missing there; the callers
  // put the reason in the title and on stderr (with CI=true they fail the run instead).
  describe.skip(title, () => {
    it(need, () => {});
  });
}

/**
 * A `describe` block that needs a prerequisite other than a test service (the dvc CLI, a
 * dedicated MLflow server): runs `body` when `unavailableReason` is undefined; otherwise,
 * with `CI=true`, one failing test named after `need`, and elsewhere a loud skip with the
 * reason in the title and on stderr.
 */
export function describeWithPrerequisite(
  title: string,
  need: string,
  unavailableReason: string | undefined,
  body: () => void,
): void {
  if (unavailableReason === undefined) {
    describe(title, body);
    return;
  }
  if (isContinuousIntegration()) {
    describe(title, () => {
      it(need, () => {
        throw new Error(`CI=true and this is unavailable: ${unavailableReason}`);
      });
    });
    return;
  }
  console.warn(`[test-env] SKIPPING "${title}": ${unavailableReason}`);
  skipLoudly(`${title} [SKIPPED: ${unavailableReason}]`, need);
}

/** {@link describeWithServices} for one service; `body` receives its info. */
export function describeWithService<Name extends ServiceName>(
  name: Name,
  title: string,
  body: (info: ServiceInfoByName[Name]) => void,
): void {
  describeWithServices([name] as const, title, (services) => body(services[name]));
}
