// The @dagnostics/registry README walkthrough: register, gate, approve, canary and roll
// back, against the MLflow server in MLFLOW_TRACKING_URI. Run it with
// `MLFLOW_TRACKING_URI=http://127.0.0.1:5000 pnpm --filter @dagnostics/example-registry-walkthrough start`
// (src/main.test.ts runs it against the test environment's MLflow server).
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createRng } from '@dagnostics/core';
import {
  bootstrapDifference,
  callbackProvider,
  createAuditLog,
  createGovernance,
  createRegistryClient,
  createRolloutController,
  defineGates,
  evaluateGates,
  gateExitCode,
  inferTensorSignature,
  latencyBudget,
  logOnnxModel,
  mcnemar,
  registerModel,
  sizeBudget,
} from '@dagnostics/registry';
import { createTracker, createTransport } from '@dagnostics/tracking';
import { InferenceSession, Tensor } from 'onnxruntime-node';

const trackingUri = process.env.MLFLOW_TRACKING_URI;
if (trackingUri === undefined) throw new Error('Set MLFLOW_TRACKING_URI to an MLflow server.');
const modelName = process.env.MODEL_NAME ?? `airflow-failure-classifier-${Date.now()}`;
const modelPath = fileURLToPath(new URL('../model/classifier.onnx', import.meta.url));

const transport = createTransport({ trackingUri });
const registry = createRegistryClient({ transport });
const tracker = createTracker({ trackingUri, handleSignals: false });

// 1. Register: log the ONNX model as an MLflow 3 logged model and register it, twice (the
//    same network stands in for the champion and a retrained challenger).
const run = await tracker.startRun({ experimentName: `${modelName}-training` });
const session = await InferenceSession.create(modelPath);
const signature = inferTensorSignature(session);
const versions: string[] = [];
for (const role of ['champion', 'challenger']) {
  const logged = await logOnnxModel(transport, {
    runId: run.id,
    name: 'classifier',
    onnx: modelPath,
    signature,
    tags: { role },
  });
  versions.push(
    (await registerModel(registry, modelName, logged, { pollIntervalMs: 100 })).version,
  );
}
const [championVersion, challengerVersion] = versions as [string, string];
console.log(`registered ${modelName} versions ${versions.join(', ')}`);

// Governance: every approval, refusal and alias move goes to a hash-chained audit log
// kept in the registry itself.
const audit = createAuditLog(registry, modelName);
const governance = createGovernance(registry, {
  modelName,
  policy: { requiredApprovals: 2, approverRoles: ['ml-lead', 'risk-officer'] },
  users: {
    ana: { roles: ['data-scientist'] },
    ben: { roles: ['ml-lead'] },
    chloe: { roles: ['risk-officer'] },
  },
  audit,
});
for (const version of [championVersion]) {
  await governance.requestApproval(version, { requestedBy: 'ana' });
  await governance.approve(version, { by: 'ben' });
  await governance.approve(version, { by: 'chloe' });
}
await governance.setAlias('champion', championVersion, { by: 'ben' });

// 2. Gate: the challenger against the champion on the same held-out rows.
const rng = createRng(48);
const rows = 400;
const features = Float32Array.from({ length: rows * 4 }, () => rng.normal(0, 1));
const input = new Tensor('float32', features, [rows, 4]);
const latenciesMs: number[] = [];
async function predict(): Promise<number[]> {
  const started = performance.now();
  const output = await session.run({ [signature.inputs[0]?.name ?? 'X']: input });
  latenciesMs.push(performance.now() - started);
  return Array.from(output.label?.data as BigInt64Array, Number);
}
const championPredictions = await predict();
const challengerPredictions = await predict();
// The labels: the champion's answers with every tenth row wrong, as real labels would differ.
const labels = championPredictions.map((label, row) => (row % 10 === 0 ? (label + 1) % 3 : label));
const gates = defineGates([
  mcnemar({ require: 'not-worse' }),
  bootstrapDifference({ metric: 'accuracy', margin: 0.02, seed: 7 }),
  latencyBudget({ p95Ms: 250 }),
  sizeBudget({ maxBytes: 10_000_000 }),
]);
const report = evaluateGates(gates, {
  champion: { predictions: championPredictions },
  challenger: { predictions: challengerPredictions },
  labels,
  latenciesMs,
  sizeBytes: (await stat(modelPath)).size,
});
console.log(`gates: ${report.verdict} (exit code ${gateExitCode(report)})`);
if (gateExitCode(report) !== 0) process.exit(gateExitCode(report));

// 3. Approve: two distinct approvers with an approver role; a data scientist cannot approve.
await governance.requestApproval(challengerVersion, {
  requestedBy: 'ana',
  evidence: { gates: report.verdict },
});
try {
  await governance.approve(challengerVersion, { by: 'ana' });
} catch (error) {
  console.log(`refused: ${(error as Error).message}`);
}
await governance.approve(challengerVersion, { by: 'ben' });
const approved = await governance.approve(challengerVersion, { by: 'chloe' });
console.log(`version ${challengerVersion}: ${approved.status}`);

// 4. Canary: 20% then 50% of traffic, an analysis of the live success ratio after each
//    step (a callback here; prometheusProvider({ url, query }) in production), then promotion.
let successRatio = 0.99;
const controller = createRolloutController({
  registry,
  modelName,
  audit,
  // Promotion moves `champion`, which governance protects: only an Approved version gets it.
  beforePromote: (version) =>
    governance.assertAliasAllowed('champion', version, { by: 'rollout-controller' }),
});
const analysis = {
  metrics: [
    {
      name: 'success-ratio',
      provider: callbackProvider(() => successRatio),
      successCondition: 'result >= 0.95',
      failureCondition: 'result < 0.9',
      intervalMs: 100,
      count: 3,
    },
  ],
};
const promoted = await controller.runCanary({
  version: challengerVersion,
  steps: [{ setWeight: 20 }, { analysis }, { setWeight: 50 }, { analysis }],
});
console.log(`canary of version ${challengerVersion}: ${promoted.phase}`);

// 5. Rollback: the next candidate goes bad under traffic and is rolled back by itself.
const next = await registerModel(
  registry,
  modelName,
  await logOnnxModel(transport, { runId: run.id, name: 'classifier', onnx: modelPath, signature }),
  { pollIntervalMs: 100 },
);
const rolledBack = await controller.runCanary(
  {
    version: next.version,
    steps: [{ setWeight: 20 }, { analysis }],
  },
  {
    onStep: (step) => {
      // The new version starts failing as soon as it takes traffic.
      if (step.kind === 'setWeight') successRatio = 0.5;
    },
  },
);
const state = await controller.readState();
console.log(
  `canary of version ${next.version}: ${rolledBack.phase} in ${rolledBack.rollback?.durationMs} ms; champion is version ${state.champion}`,
);

const verification = await audit.verify();
console.log(`audit log: ${(await audit.entries()).length} entries, intact: ${verification.ok}`);

await run.end();
await tracker.close();
await registry.close();
