// Smoke test of the MLflow servers the global setup starts: each one takes writes over plain
// HTTP, keeps them in its own store, and the auth server enforces Basic auth.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  describeWithService,
  getTestEnvironment,
  type MlflowServerInfo,
  queryDatabase,
} from '../../scripts/test-env/services';

interface Experiment {
  experimentId: string;
  name: string;
}

function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

async function createExperiment(
  server: MlflowServerInfo,
  headers: Record<string, string> = {},
): Promise<Experiment> {
  const name = `dagnostics-smoke-${randomUUID()}`;
  const response = await fetch(`${server.uri}/api/2.0/mlflow/experiments/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { experiment_id: string };
  expect(body.experiment_id).toMatch(/^\d+$/);
  return { experimentId: body.experiment_id, name };
}

async function getExperimentByName(
  server: MlflowServerInfo,
  name: string,
  headers: Record<string, string> = {},
): Promise<Experiment> {
  const query = new URLSearchParams({ experiment_name: name });
  const response = await fetch(
    `${server.uri}/api/2.0/mlflow/experiments/get-by-name?${query.toString()}`,
    { headers },
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { experiment: { experiment_id: string; name: string } };
  return { experimentId: body.experiment.experiment_id, name: body.experiment.name };
}

/**
 * Status of an API GET sent with an explicit Host header (fetch does not let a caller set Host;
 * `/health` is exempt from the Host check).
 */
function apiStatusWithHost(server: MlflowServerInfo, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL('/api/2.0/mlflow/experiments/search?max_results=1', server.uri);
    const call = request(target, { headers: { host } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    call.once('error', reject);
    call.end();
  });
}

function pythonExecutable(): string {
  const python = getTestEnvironment().pythonExecutable;
  if (python === undefined) throw new Error('the venv Python is missing');
  return python;
}

const storedServers = [
  {
    service: 'mlflow-sqlite',
    store: 'SQLite',
    placeholder: '?',
    variable: 'DAGNOSTICS_TEST_MLFLOW_SQLITE_URI',
  },
  {
    service: 'mlflow-postgres',
    store: 'PostgreSQL',
    placeholder: '%s',
    variable: 'DAGNOSTICS_TEST_MLFLOW_POSTGRES_URI',
  },
] as const;

for (const { service, store, placeholder, variable } of storedServers) {
  describeWithService(service, `MLflow server with a ${store} store`, (server) => {
    it(`is announced in ${variable}`, () => {
      expect(process.env[variable]).toBe(server.uri);
    });

    it('creates an experiment over HTTP and reads it back by name', async () => {
      const created = await createExperiment(server);

      expect(await getExperimentByName(server, created.name)).toEqual(created);
    });

    it(`writes to its own ${store} database`, async () => {
      const created = await createExperiment(server);

      const rows = await queryDatabase(
        pythonExecutable(),
        server.backendStoreUri,
        `SELECT experiment_id, name FROM experiments WHERE name = ${placeholder}`,
        [created.name],
      );

      expect(rows.map(([id, name]) => [String(id), name])).toEqual([
        [created.experimentId, created.name],
      ]);
    });

    it('accepts loopback Host headers and rejects others', async () => {
      const { port } = new URL(server.uri);

      expect(await apiStatusWithHost(server, `127.0.0.1:${port}`)).toBe(200);
      expect(await apiStatusWithHost(server, `localhost:${port}`)).toBe(200);
      expect(await apiStatusWithHost(server, 'attacker.example:80')).not.toBe(200);
    });
  });
}

describeWithService('mlflow-sqlite', 'MLflow artifact proxy', (server) => {
  it('stores uploaded artifacts under --artifacts-destination', async () => {
    const path = `smoke/${randomUUID()}.txt`;
    const url = `${server.uri}/api/2.0/mlflow-artifacts/artifacts/${path}`;

    const upload = await fetch(url, { method: 'PUT', body: 'hello artifacts' });
    expect(upload.status).toBe(200);
    const download = await fetch(url);

    expect(await download.text()).toBe('hello artifacts');
    const file = join(server.artifactsDestination, path);
    expect(existsSync(file) && readFileSync(file, 'utf8')).toBe('hello artifacts');
  });
});

describeWithService('mlflow-auth', 'MLflow server with basic auth', (server) => {
  const admin = { authorization: basicAuthorization(server.username, server.password) };

  it('lets the admin create an experiment and read it back', async () => {
    const created = await createExperiment(server, admin);

    expect(await getExperimentByName(server, created.name, admin)).toEqual(created);
  });

  it('answers 401 without credentials and with a wrong password', async () => {
    const url = `${server.uri}/api/2.0/mlflow/experiments/search?max_results=1`;

    const anonymous = await fetch(url);
    const wrongPassword = await fetch(url, {
      headers: { authorization: basicAuthorization(server.username, `${server.password}x`) },
    });

    expect(anonymous.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
  });

  it('exports the admin credentials to the environment', () => {
    expect(process.env.DAGNOSTICS_TEST_MLFLOW_AUTH_URI).toBe(server.uri);
    expect(process.env.DAGNOSTICS_TEST_MLFLOW_AUTH_USERNAME).toBe(server.username);
    expect(process.env.DAGNOSTICS_TEST_MLFLOW_AUTH_PASSWORD).toBe(server.password);
  });
});
