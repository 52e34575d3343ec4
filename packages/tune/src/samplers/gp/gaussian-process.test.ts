import { describe, expect, it } from 'vitest';
import {
  defaultKernelParams,
  fitKernelParams,
  logMarginalLikelihood,
  negativeLogPosterior,
  pairDistances,
  paramsFromRaw,
} from './fit-kernel-params';
import { GaussianProcess, type TrainingData } from './gaussian-process';
import { closeTo, readGpGolden } from './golden.test-support';
import { type KernelParams, kernelMatrix } from './kernel';
import { DEFAULT_MINIMUM_NOISE_VARIANCE, logPrior } from './prior';

interface ModelCase {
  name: string;
  n: number;
  dim: number;
  isCategorical: boolean[];
  x: number[];
  y: number[];
  inverseSquaredLengthscales: number[];
  kernelScale: number;
  noiseVariance: number;
  deterministic: boolean;
  kernelMatrix: number[];
  logMarginalLikelihood: number;
  logPrior: number;
  raw: number[];
  loss: number;
  lossGradient: number[];
  mapLoss: number;
  points: number[];
  posteriorMean: number[];
  posteriorVariance: number[];
}

const cases = readGpGolden<ModelCase[]>('gp-model.json');

function dataOf(c: ModelCase): TrainingData {
  return {
    x: Float64Array.from(c.x),
    y: Float64Array.from(c.y),
    n: c.n,
    dim: c.dim,
    isCategorical: c.isCategorical,
  };
}

function paramsOf(c: ModelCase): KernelParams {
  return {
    inverseSquaredLengthscales: Float64Array.from(c.inverseSquaredLengthscales),
    kernelScale: c.kernelScale,
    noiseVariance: c.noiseVariance,
  };
}

function optionsOf(c: ModelCase) {
  return { minimumNoise: DEFAULT_MINIMUM_NOISE_VARIANCE, deterministic: c.deterministic };
}

describe.each(cases)('GP model against numpy/scipy: $name', (c) => {
  const data = dataOf(c);
  const params = paramsOf(c);

  it('computes the Matérn-5/2 ARD kernel matrix (Hamming distance for categoricals)', () => {
    const matrix = kernelMatrix(data.x, data.x, c.dim, c.isCategorical, params);
    matrix.forEach((value, i) => {
      expect(closeTo(value, c.kernelMatrix[i] as number, 1e-13)).toBe(true);
    });
  });

  it('computes the log marginal likelihood and the log prior at fixed hyperparameters', () => {
    expect(closeTo(logMarginalLikelihood(data, params), c.logMarginalLikelihood, 1e-10)).toBe(true);
    expect(closeTo(logPrior(params), c.logPrior, 1e-13)).toBe(true);
  });

  it('computes the MAP loss and its analytic gradient in log-parameter space', () => {
    const gradient = new Float64Array(c.dim + 2);
    const loss = negativeLogPosterior(
      data,
      pairDistances(data),
      Float64Array.from(c.raw),
      gradient,
      optionsOf(c),
    );
    expect(closeTo(loss, c.loss, 1e-10)).toBe(true);
    gradient.forEach((value, i) => {
      expect(closeTo(value, c.lossGradient[i] as number, 1e-8)).toBe(true);
    });
  });

  it('has a gradient that matches central finite differences', () => {
    const pairs = pairDistances(data);
    const raw = Float64Array.from(c.raw, (value, i) => value + 0.1 * Math.sin(i + 1));
    const gradient = new Float64Array(c.dim + 2);
    negativeLogPosterior(data, pairs, raw, gradient, optionsOf(c));
    const scratch = new Float64Array(c.dim + 2);
    for (let i = 0; i < raw.length; i++) {
      const h = 1e-5;
      const plus = Float64Array.from(raw);
      const minus = Float64Array.from(raw);
      plus[i] = (plus[i] as number) + h;
      minus[i] = (minus[i] as number) - h;
      const numeric =
        (negativeLogPosterior(data, pairs, plus, scratch, optionsOf(c)) -
          negativeLogPosterior(data, pairs, minus, scratch, optionsOf(c))) /
        (2 * h);
      expect(Math.abs((gradient[i] as number) - numeric)).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(numeric)),
      );
    }
  });

  it('gives the posterior mean and variance at test points', () => {
    const gp = new GaussianProcess(data, params);
    for (let p = 0; p < c.posteriorMean.length; p++) {
      const { mean, variance } = gp.posterior(c.points, p * c.dim);
      expect(closeTo(mean, c.posteriorMean[p] as number, 1e-9)).toBe(true);
      expect(Math.abs(variance - (c.posteriorVariance[p] as number))).toBeLessThan(1e-9);
    }
  });

  it('fits the hyperparameters to the MAP optimum found by scipy L-BFGS-B', () => {
    const options = { ...optionsOf(c), gradientTolerance: 1e-7 };
    const gp = fitKernelParams(data, options);
    const loss = -(logMarginalLikelihood(data, gp.params) + logPrior(gp.params));
    expect(loss).toBeLessThan(c.mapLoss + 1e-6);
    // With Optuna's loose tolerance (1e-2) the loss is still close to the optimum.
    const loose = fitKernelParams(data, optionsOf(c));
    const looseLoss = -(logMarginalLikelihood(data, loose.params) + logPrior(loose.params));
    expect(looseLoss).toBeLessThan(c.mapLoss + 1e-2);
    if (c.deterministic) expect(gp.params.noiseVariance).toBe(DEFAULT_MINIMUM_NOISE_VARIANCE);
  });
});

describe('GaussianProcess gradients and fitting', () => {
  const c = cases.find((item) => item.name === 'mixed-3d') as ModelCase;
  const data = dataOf(c);

  it('gives posterior gradients that match finite differences on continuous dimensions', () => {
    const gp = new GaussianProcess(data, paramsOf(c));
    const point = Float64Array.from([0.37, 1, 0.61]);
    const meanGradient = new Float64Array(3);
    const varianceGradient = new Float64Array(3);
    gp.posteriorWithGradient(point, meanGradient, varianceGradient);
    expect(meanGradient[1]).toBe(0);
    for (const d of [0, 2]) {
      const h = 1e-6;
      const plus = Float64Array.from(point);
      const minus = Float64Array.from(point);
      plus[d] = (plus[d] as number) + h;
      minus[d] = (minus[d] as number) - h;
      const up = gp.posterior(plus);
      const down = gp.posterior(minus);
      expect(meanGradient[d]).toBeCloseTo((up.mean - down.mean) / (2 * h), 6);
      expect(varianceGradient[d]).toBeCloseTo((up.variance - down.variance) / (2 * h), 6);
    }
  });

  it('warm-starts from a previous fit and reaches the same optimum', () => {
    const options = {
      minimumNoise: DEFAULT_MINIMUM_NOISE_VARIANCE,
      deterministic: false,
      gradientTolerance: 1e-7,
    };
    const cold = fitKernelParams(data, options);
    const warm = fitKernelParams(data, options, cold.params);
    const lossOf = (params: KernelParams) =>
      -(logMarginalLikelihood(data, params) + logPrior(params));
    expect(Math.abs(lossOf(warm.params) - lossOf(cold.params))).toBeLessThan(1e-6);
    // A warm start of the wrong dimension is ignored rather than misread.
    const mismatched = fitKernelParams(data, options, defaultKernelParams(5));
    expect(mismatched.params.inverseSquaredLengthscales).toHaveLength(3);
  });

  it('keeps the noise above its floor and maps raw parameters through exp', () => {
    const params = paramsFromRaw([0, Math.log(2), -50], 1, {
      minimumNoise: 1e-6,
      deterministic: false,
    });
    expect(params.inverseSquaredLengthscales[0]).toBe(1);
    expect(params.kernelScale).toBeCloseTo(2, 14);
    expect(params.noiseVariance).toBeGreaterThanOrEqual(1e-6);
  });
});
