import { describe, expect, it } from 'vitest';
import { type CanaryPlan, validateCanaryPlan } from './canary-plan';
import { RolloutPlanError } from './errors';
import { callbackProvider } from './metric-provider';

const provider = callbackProvider(() => 1);

function pathOf(plan: unknown): string | undefined {
  try {
    validateCanaryPlan(plan as CanaryPlan);
    return undefined;
  } catch (error) {
    if (!RolloutPlanError.isInstance(error)) throw error;
    return error.path;
  }
}

describe('validateCanaryPlan', () => {
  it('accepts weights, timed and open pauses, finite analyses', () => {
    expect(
      pathOf({
        version: '12',
        steps: [
          { setWeight: 20 },
          { pause: { durationMs: 1000 } },
          {
            analysis: {
              metrics: [
                {
                  name: 'ok',
                  provider,
                  successCondition: 'result > 0.9',
                  intervalMs: 10,
                  count: 3,
                },
              ],
            },
          },
          { setWeight: 100 },
          { pause: {} },
        ],
        postPromotionAnalysis: { metrics: [{ name: 'ok', provider }] },
      }),
    ).toBeUndefined();
  });

  it('names the offending field of each invalid plan', () => {
    expect(pathOf({ version: 'v2', steps: [] })).toBe('version');
    expect(pathOf({ version: '0', steps: [] })).toBe('version');
    expect(pathOf({ version: '2', steps: {} })).toBe('steps');
    expect(pathOf({ version: '2', steps: [{ setWeight: 101 }] })).toBe('steps[0].setWeight');
    expect(pathOf({ version: '2', steps: [{ setWeight: 2.5 }] })).toBe('steps[0].setWeight');
    expect(
      pathOf({ version: '2', steps: [{ setWeight: 10 }, { pause: { durationMs: -1 } }] }),
    ).toBe('steps[1].pause.durationMs');
    expect(pathOf({ version: '2', steps: [{ setWeight: 10, pause: {} }] })).toBe('steps[0]');
    expect(pathOf({ version: '2', steps: [{ experiment: {} }] })).toBe('steps[0]');
    expect(
      pathOf({
        version: '2',
        steps: [{ analysis: { metrics: [{ name: 'a', provider, intervalMs: 5 }] } }],
      }),
    ).toBe('steps[0].analysis.metrics[0].count');
    expect(pathOf({ version: '2', steps: [], postPromotionAnalysis: { metrics: [] } })).toBe(
      'postPromotionAnalysis.metrics',
    );
  });
});
