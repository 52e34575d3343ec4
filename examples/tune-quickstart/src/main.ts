// The @dagnostics/tune README example, kept runnable:
// `pnpm --filter @dagnostics/example-tune-quickstart start`
// (src/main.test.ts runs it and checks the report it writes).
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createStudy, renderStudyReportHtml, TrialPrunedError } from '@dagnostics/tune';

// Gradient descent with momentum on the Rosenbrock function: which learning rate and
// momentum get closest to the minimum at (1, 1) in 200 steps?
function rosenbrockGradient(x: number, y: number): [number, number] {
  return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
}

const study = await createStudy({ direction: 'minimize', seed: 7 });

await study.optimize(
  async (trial) => {
    const learningRate = trial.suggestFloat('learningRate', 1e-5, 1e-2, { log: true });
    const momentum = trial.suggestFloat('momentum', 0, 0.99);
    const start = trial.suggestCategorical('start', ['near', 'far'] as const);
    let [x, y] = start === 'near' ? [0, 0] : [-1.5, 2];
    let [vx, vy] = [0, 0];
    let loss = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 200; step += 1) {
      const [gx, gy] = rosenbrockGradient(x, y);
      vx = momentum * vx - learningRate * gx;
      vy = momentum * vy - learningRate * gy;
      x += vx;
      y += vy;
      loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2;
      if (!Number.isFinite(loss)) return Number.NaN; // stored FAIL, the study goes on
      if (step % 20 === 19) {
        await trial.report(loss, step);
        if (trial.shouldPrune()) throw new TrialPrunedError();
      }
    }
    return loss;
  },
  { nTrials: 100 },
);

const best = await study.bestTrial;
console.log(`best loss ${best.values?.[0]} with`, best.params);
const pruned = await study.getTrials({ states: ['PRUNED'] });
console.log(`${pruned.length} of 100 trials pruned early`);

// The report: optimization history, PED-ANOVA importances, parallel coordinates, best trials.
const html = renderStudyReportHtml({
  studyName: study.studyName,
  directions: study.directions,
  trials: await study.trials,
});
await writeFile('study-report.html', html);
console.log(`open ${pathToFileURL('study-report.html').href}`);
