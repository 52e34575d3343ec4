// The shared local services: Redis answers at REDIS_URL, and the per-run PostgreSQL database
// exists and is the one DAGNOSTICS_TEST_POSTGRES_URI names.
import { expect, it } from 'vitest';
import { findFreePort } from '../../scripts/test-env/ports';
import { pingRedis } from '../../scripts/test-env/redis';
import {
  describeWithService,
  getTestEnvironment,
  queryDatabase,
} from '../../scripts/test-env/services';

describeWithService('redis', 'Redis', (redis) => {
  it('answers PING at REDIS_URL', async () => {
    expect(process.env.REDIS_URL).toBe(redis.url);

    await expect(pingRedis(redis.url)).resolves.toBeUndefined();
  });

  it('is told apart from a port where nothing listens', async () => {
    const closedPort = await findFreePort();

    await expect(pingRedis(`redis://127.0.0.1:${closedPort}`)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describeWithService('postgres', 'PostgreSQL test database', (postgres) => {
  it('is a fresh database of its own, named in DAGNOSTICS_TEST_POSTGRES_URI', async () => {
    const python = getTestEnvironment().pythonExecutable;
    if (python === undefined) throw new Error('the venv Python is missing');
    expect(process.env.DAGNOSTICS_TEST_POSTGRES_URI).toBe(postgres.uri);

    const rows = await queryDatabase(
      python,
      postgres.uri,
      "SELECT current_database(), count(*) FROM pg_tables WHERE schemaname = 'public'",
    );

    expect(rows).toEqual([[postgres.database, 0]]);
  });
});
