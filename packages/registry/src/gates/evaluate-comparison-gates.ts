import { DagnosticsError } from '@dagnostics/core';
import { check, erroredGate, formatNumber, judgedGate } from './gate-result';
import { mcnemarTest } from './mcnemar-test';
import { metricFunction } from './metrics';
import { pairedBootstrapDifference } from './paired-bootstrap';
import type {
  BootstrapDifferenceGate,
  ClassLabel,
  GateCheck,
  GateInputs,
  GateResult,
  McNemarGate,
  ModelEvidence,
  Predictions,
} from './types';

/** Per-row correctness from the gate, the inputs' `correct`, or predictions against labels. */
function correctness(
  given: readonly boolean[] | undefined,
  evidence: ModelEvidence | undefined,
  labels: readonly ClassLabel[] | undefined,
): readonly boolean[] | string {
  const correct = given ?? evidence?.correct;
  if (correct !== undefined) {
    if (!Array.isArray(correct) || correct.some((value) => typeof value !== 'boolean')) {
      return 'must be an array of booleans (true where the model was right)';
    }
    return correct;
  }
  const predictions = evidence?.predictions;
  if (predictions === undefined) return 'is missing: pass `correct`, or `predictions` and `labels`';
  if (!Array.isArray(labels) || labels.length !== predictions.length) {
    return 'has predictions but no labels of the same length to score them against';
  }
  return labels.map((label, row) => predictions[row] === label);
}

/** Judges a {@link McNemarGate}. */
export function evaluateMcNemar(gate: McNemarGate, inputs: GateInputs): GateResult {
  const champion = correctness(gate.champion, inputs.champion, inputs.labels);
  const challenger = correctness(gate.challenger, inputs.challenger, inputs.labels);
  const problems: string[] = [];
  if (typeof champion === 'string') problems.push(`The champion's correctness ${champion}.`);
  if (typeof challenger === 'string') problems.push(`The challenger's correctness ${challenger}.`);
  if (typeof champion === 'string' || typeof challenger === 'string') {
    return erroredGate(gate, problems);
  }
  if (champion.length !== challenger.length || champion.length === 0) {
    return erroredGate(gate, [
      `McNemar needs the same non-empty rows for both models; got ${champion.length} for the champion and ${challenger.length} for the challenger.`,
    ]);
  }
  let b = 0;
  let c = 0;
  let bothRight = 0;
  for (let row = 0; row < champion.length; row++) {
    if (champion[row] && !challenger[row]) b++;
    else if (!champion[row] && challenger[row]) c++;
    else if (champion[row]) bothRight++;
  }
  const rows = champion.length;
  const test = mcnemarTest(b, c, gate.exactBelow);
  const statistics = {
    rows,
    b,
    c,
    bothRight,
    bothWrong: rows - b - c - bothRight,
    championAccuracy: (b + bothRight) / rows,
    challengerAccuracy: (c + bothRight) / rows,
    method: test.method,
    statistic: test.statistic,
    pValue: test.pValue,
    alpha: gate.alpha,
  };
  const rule =
    test.method === 'exact'
      ? `Exact two-sided binomial test because b + c = ${b + c} < ${formatNumber(gate.exactBelow)}.`
      : `Chi-square test with continuity correction because b + c = ${b + c} >= ${formatNumber(gate.exactBelow)}.`;
  const pValueCheck = (comparator: GateCheck['comparator']) =>
    check('p-value', test.pValue, comparator, gate.alpha, { scale: 'log' });
  let checks: GateCheck[];
  if (gate.require === 'better') {
    checks = [
      check('challenger-only wins − champion-only wins (c − b)', c - b, '>', 0),
      pValueCheck('<'),
    ];
  } else if (b > c) {
    // The challenger lost more pairs: it is worse only if that is significant.
    checks = [pValueCheck('>=')];
  } else {
    checks = [check('challenger-only wins − champion-only wins (c − b)', c - b, '>=', 0)];
  }
  return judgedGate(gate, checks, statistics, [rule]);
}

function predictionsProblem(name: string, value: unknown, rows: number): string | undefined {
  if (!Array.isArray(value))
    return `No ${name} predictions: pass them in the gate or as inputs.${name}.predictions.`;
  if (value.length !== rows)
    return `The ${name} has ${value.length} predictions for ${rows} labels.`;
  return undefined;
}

/** Judges a {@link BootstrapDifferenceGate}. */
export function evaluateBootstrapDifference(
  gate: BootstrapDifferenceGate,
  inputs: GateInputs,
): GateResult {
  const labels = gate.labels ?? inputs.labels;
  if (!Array.isArray(labels) || labels.length === 0) {
    return erroredGate(gate, ['No labels: pass them in the gate or as inputs.labels.']);
  }
  const champion = gate.champion ?? inputs.champion?.predictions;
  const challenger = gate.challenger ?? inputs.challenger?.predictions;
  const problems = [
    predictionsProblem('champion', champion, labels.length),
    predictionsProblem('challenger', challenger, labels.length),
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) return erroredGate(gate, problems);

  const metric = metricFunction(gate.metric);
  let result: ReturnType<typeof pairedBootstrapDifference>;
  let championValue: number;
  let challengerValue: number;
  try {
    championValue = metric(champion as Predictions, labels);
    challengerValue = metric(challenger as Predictions, labels);
    result = pairedBootstrapDifference({
      metric,
      champion: champion as Predictions,
      challenger: challenger as Predictions,
      labels,
      iterations: gate.iterations,
      confidence: gate.confidence,
      seed: gate.seed,
      bca: gate.interval === 'bca',
    });
  } catch (error) {
    if (!DagnosticsError.isInstance(error)) throw error;
    return erroredGate(gate, [`The metric ${gate.metricName} failed: ${error.message}`]);
  }
  const interval =
    gate.interval === 'bca'
      ? (result.bca?.interval ?? [Number.NaN, Number.NaN])
      : result.percentile;
  const statistics = {
    rows: labels.length,
    metric: gate.metricName,
    direction: gate.direction,
    champion: championValue,
    challenger: challengerValue,
    difference: result.estimate,
    interval: gate.interval,
    low: interval[0],
    high: interval[1],
    percentileLow: result.percentile[0],
    percentileHigh: result.percentile[1],
    standardError: Number.isFinite(result.standardError) ? result.standardError : null,
    biasCorrection: result.bca?.biasCorrection ?? null,
    acceleration: result.bca?.acceleration ?? null,
    iterations: gate.iterations,
    confidence: gate.confidence,
    seed: gate.seed,
    margin: gate.margin,
  };
  if (!interval.every(Number.isFinite)) {
    return erroredGate(
      gate,
      [
        `The ${gate.interval} interval of ${gate.metricName} is undefined (a degenerate bootstrap distribution or a metric that returned NaN).`,
      ],
      statistics,
    );
  }
  const percent = `${formatNumber(gate.confidence * 100)}%`;
  const item =
    gate.direction === 'higher-is-better'
      ? check(
          `lower ${percent} bound of challenger − champion ${gate.metricName}`,
          interval[0],
          '>',
          gate.margin === 0 ? 0 : -gate.margin,
          { interval },
        )
      : check(
          `upper ${percent} bound of challenger − champion ${gate.metricName}`,
          interval[1],
          '<',
          gate.margin,
          {
            interval,
          },
        );
  return judgedGate(gate, [item], statistics);
}
