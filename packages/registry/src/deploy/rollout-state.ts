import type { RegistryClient } from '../client/registry-client';
import type { CallOptions, RegisteredModel } from '../client/types';

/**
 * The registry aliases a rollout moves. Serving replicas read them (with the weight tag)
 * from the registry, so every replica routes the same way without talking to each other.
 */
export const rolloutAliases = {
  /** The stable version, serving `100 − weight` % of traffic. */
  champion: 'champion',
  /** The canary (or blue/green preview) version, serving `weight` % of traffic. */
  challenger: 'challenger',
  /** The champion before the last promotion, for a rollback. */
  previous: 'previous',
} as const;

/** Registered-model tags holding the rest of the rollout state. */
export const rolloutTags = {
  /** The challenger's share of traffic, an integer percentage `0`–`100` as a string. */
  weight: 'dagnostics.rollout.weight',
  /** `RolloutRecord` as JSON. */
  state: 'dagnostics.rollout.state',
} as const;

/** Where a rollout stands. */
export type RolloutPhase =
  | 'Progressing'
  | 'Paused'
  | 'Preview'
  | 'Promoted'
  | 'RolledBack'
  | 'Aborted';

/** The JSON kept in the `dagnostics.rollout.state` tag. */
export interface RolloutRecord {
  readonly phase: RolloutPhase;
  readonly strategy: 'canary' | 'blueGreen';
  /** The version being rolled out. */
  readonly version: string;
  /** Index of the current (or last) canary step; −1 before the first. */
  readonly stepIndex: number;
  /** ISO 8601 time the rollout started. */
  readonly startedAt: string;
  /** ISO 8601 time of this record. */
  readonly updatedAt: string;
  /** Why it paused, rolled back or was aborted. */
  readonly reason?: string;
}

/** The rollout state of a registered model, as a serving replica needs it. */
export interface RolloutState {
  readonly model: string;
  readonly champion: string | undefined;
  readonly challenger: string | undefined;
  readonly previous: string | undefined;
  /**
   * The challenger's traffic share in percent, as tagged (0 when the tag is missing or
   * unreadable). It is routed only while a challenger is set (see `chooseVersion`).
   */
  readonly weight: number;
  /** The last rollout's record, when the tag is there and readable. */
  readonly record: RolloutRecord | undefined;
}

/**
 * Reads a model's rollout state (aliases `champion`, `challenger`, `previous`, tags
 * `dagnostics.rollout.weight` and `dagnostics.rollout.state`) in one registry call.
 */
export async function readRolloutState(
  registry: Pick<RegistryClient, 'getRegisteredModel'>,
  name: string,
  options?: CallOptions,
): Promise<RolloutState> {
  return rolloutStateOf(await registry.getRegisteredModel(name, options));
}

/** The rollout state held by a registered model record. */
export function rolloutStateOf(model: RegisteredModel): RolloutState {
  const challenger = model.aliases[rolloutAliases.challenger];
  const weightText = model.tags[rolloutTags.weight];
  const weight = weightText === undefined ? 0 : Number(weightText);
  return {
    model: model.name,
    champion: model.aliases[rolloutAliases.champion],
    challenger,
    previous: model.aliases[rolloutAliases.previous],
    weight: Number.isInteger(weight) && weight >= 0 && weight <= 100 ? weight : 0,
    record: parseRecord(model.tags[rolloutTags.state]),
  };
}

/**
 * The version one request goes to: the challenger when `draw` (uniform in [0, 1), default
 * `Math.random()`) falls under its weight, else the champion (undefined when there is none).
 */
export function chooseVersion(
  state: RolloutState,
  draw: number = Math.random(),
): string | undefined {
  if (state.challenger !== undefined && draw * 100 < state.weight) return state.challenger;
  return state.champion;
}

function parseRecord(text: string | undefined): RolloutRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as RolloutRecord;
    return typeof value === 'object' && value !== null && typeof value.phase === 'string'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}
