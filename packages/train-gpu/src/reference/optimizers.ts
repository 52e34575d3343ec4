/**
 * SGD and Adam with PyTorch's update rules (`torch.optim.SGD`, `torch.optim.Adam`,
 * single-tensor form), applied to float32 parameters. Each element's update is computed in
 * float64 from float32 inputs and rounded to float32 when stored (parameters and state), so
 * results differ from PyTorch's float32 arithmetic only by float32 rounding.
 */
import { TrainingInputError } from '../errors';
import type { ModelWeights } from '../model/types';
import type { Gradients } from './network';

/** `torch.optim.SGD(lr, momentum, dampening=0, nesterov=False, weight_decay)`. */
export interface SgdOptions {
  readonly kind: 'sgd';
  readonly learningRate: number;
  /** Default 0. */
  readonly momentum?: number;
  /** L2 added to the gradient, default 0. */
  readonly weightDecay?: number;
}

/** `torch.optim.Adam(lr, betas, eps=1e-8, weight_decay)` (not AdamW, not amsgrad). */
export interface AdamOptions {
  readonly kind: 'adam';
  readonly learningRate: number;
  /** Default `[0.9, 0.999]`. */
  readonly betas?: readonly [number, number];
  /** Default 1e-8. */
  readonly eps?: number;
  /** L2 added to the gradient (torch.optim.Adam's weight_decay), default 0. */
  readonly weightDecay?: number;
}

export type OptimizerOptions = SgdOptions | AdamOptions;

function bad(argument: string, value: unknown, expected: string): never {
  throw new TrainingInputError({
    argument,
    message: `Invalid ${argument} ${String(value)}: expected ${expected}.`,
  });
}

/** Throws `TrainingInputError` on hyperparameters PyTorch would reject. */
export function checkOptimizer(options: OptimizerOptions): void {
  const lr = options.learningRate;
  if (!(Number.isFinite(lr) && lr > 0)) bad('optimizer.learningRate', lr, 'a finite number > 0');
  const wd = options.weightDecay ?? 0;
  if (!(Number.isFinite(wd) && wd >= 0)) bad('optimizer.weightDecay', wd, 'a finite number >= 0');
  if (options.kind === 'sgd') {
    const m = options.momentum ?? 0;
    if (!(Number.isFinite(m) && m >= 0 && m < 1))
      bad('optimizer.momentum', m, 'a number in [0, 1)');
  } else if (options.kind === 'adam') {
    const [b1, b2] = options.betas ?? [0.9, 0.999];
    if (!(b1 >= 0 && b1 < 1)) bad('optimizer.betas[0]', b1, 'a number in [0, 1)');
    if (!(b2 >= 0 && b2 < 1)) bad('optimizer.betas[1]', b2, 'a number in [0, 1)');
    const eps = options.eps ?? 1e-8;
    if (!(Number.isFinite(eps) && eps >= 0)) bad('optimizer.eps', eps, 'a finite number >= 0');
  } else {
    bad('optimizer.kind', (options as { kind: unknown }).kind, "'sgd' or 'adam'");
  }
}

/** An optimizer bound to one set of weights; `step` updates them in place. */
export interface Optimizer {
  /** One update with learning rate `learningRate` (the schedule's value for this epoch). */
  step(grads: Gradients, learningRate: number): void;
}

function pairs(weights: ModelWeights, grads: Gradients): [Float32Array, Float32Array][] {
  const out: [Float32Array, Float32Array][] = [];
  if (weights.embedding !== undefined && grads.embedding !== undefined) {
    out.push([weights.embedding, grads.embedding]);
  }
  weights.layers.forEach((layer, l) => {
    const g = grads.layers[l] as Gradients['layers'][number];
    out.push([layer.weight, g.weight], [layer.bias, g.bias]);
  });
  return out;
}

/** Creates the optimizer state for `weights` (parameters are updated in place). */
export function createOptimizer(weights: ModelWeights, options: OptimizerOptions): Optimizer {
  checkOptimizer(options);
  const wd = options.weightDecay ?? 0;
  if (options.kind === 'sgd') {
    const momentum = options.momentum ?? 0;
    let buffers: Float32Array[] | undefined;
    return {
      step(grads, lr) {
        const ps = pairs(weights, grads);
        const first = buffers === undefined;
        if (buffers === undefined) buffers = ps.map(([p]) => new Float32Array(p.length));
        ps.forEach(([p, g], k) => {
          const buf = (buffers as Float32Array[])[k] as Float32Array;
          for (let i = 0; i < p.length; i += 1) {
            let d = Math.fround((g[i] as number) + wd * (p[i] as number));
            if (momentum !== 0) {
              // torch: first step buf = d (clone); later buf = momentum * buf + (1 - dampening) * d
              d = first ? d : Math.fround(momentum * (buf[i] as number) + d);
              buf[i] = d;
            }
            p[i] = (p[i] as number) - lr * d;
          }
        });
      },
    };
  }
  const [b1, b2] = options.betas ?? [0.9, 0.999];
  const eps = options.eps ?? 1e-8;
  let t = 0;
  let m: Float32Array[] | undefined;
  let v: Float32Array[] | undefined;
  return {
    step(grads, lr) {
      const ps = pairs(weights, grads);
      if (m === undefined || v === undefined) {
        m = ps.map(([p]) => new Float32Array(p.length));
        v = ps.map(([p]) => new Float32Array(p.length));
      }
      t += 1;
      const bc1 = 1 - b1 ** t;
      const bc2Sqrt = Math.sqrt(1 - b2 ** t);
      const stepSize = lr / bc1;
      ps.forEach(([p, g], k) => {
        const mk = (m as Float32Array[])[k] as Float32Array;
        const vk = (v as Float32Array[])[k] as Float32Array;
        for (let i = 0; i < p.length; i += 1) {
          const d = Math.fround((g[i] as number) + wd * (p[i] as number));
          // torch: exp_avg.lerp_(grad, 1 - beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2)
          const mi = Math.fround((mk[i] as number) + (1 - b1) * (d - (mk[i] as number)));
          const vi = Math.fround(b2 * (vk[i] as number) + (1 - b2) * d * d);
          mk[i] = mi;
          vk[i] = vi;
          // denom = exp_avg_sq.sqrt() / sqrt(bias_correction2) + eps; p -= step_size * m / denom
          const denom = Math.sqrt(vi) / bc2Sqrt + eps;
          p[i] = (p[i] as number) - (stepSize * mi) / denom;
        }
      });
    },
  };
}
