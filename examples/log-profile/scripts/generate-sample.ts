/**
 * Writes the bundled sample of synthetic Airflow task-failure logs:
 *
 *   pnpm exec tsx --conditions=@dagnostics/source examples/log-profile/scripts/generate-sample.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAILURE_CATEGORIES, generateSample, toJsonLines } from './sample-generator';

const target = fileURLToPath(new URL('../data/airflow-task-failures.jsonl', import.meta.url));
const records = generateSample();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, toJsonLines(records));
console.log(`Wrote ${records.length} records to ${target}`);
for (const category of FAILURE_CATEGORIES) {
  const count = records.filter((record) => record.category === category).length;
  console.log(`  ${category.padEnd(20)} ${count}`);
}
