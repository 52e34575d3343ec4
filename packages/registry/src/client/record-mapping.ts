import type { components } from '@dagnostics/tracking';
import type { ModelVersion, ModelVersionStatus, RegisteredModel } from './types';

/** A registered model as MLflow's REST API sends it. */
export type WireRegisteredModel = components['schemas']['RegisteredModel'];
/** A model version as MLflow's REST API sends it. */
export type WireModelVersion = components['schemas']['ModelVersion'];

const statuses: readonly ModelVersionStatus[] = [
  'PENDING_REGISTRATION',
  'FAILED_REGISTRATION',
  'READY',
];

/** MLflow omits empty fields (and sends `''` for some unset ones): both become undefined. */
function optionalText(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function toDate(milliseconds: number | string | undefined): Date {
  return new Date(Number(milliseconds ?? 0));
}

function toTagRecord(
  tags: readonly { key?: string; value?: string }[] | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.key !== undefined) record[tag.key] = tag.value ?? '';
  }
  return record;
}

/** A logged model's URI, `models:/m-<32 hex digits>` (MLflow's id format for logged models). */
const loggedModelSourcePattern = /^models:\/(m-[0-9a-f]{32})\/?$/;

/**
 * MLflow's REST answers leave `model_id` out (its entity's `to_proto` skips it), so the id
 * is read from a `models:/<modelId>` source, as the server itself parses it.
 */
function toModelId(wire: WireModelVersion): string | undefined {
  return optionalText(wire.model_id) ?? loggedModelSourcePattern.exec(wire.source ?? '')?.[1];
}

function toStatus(status: string | undefined): ModelVersionStatus {
  // The proto's default for an unset status is its first value.
  return statuses.find((known) => known === status) ?? 'PENDING_REGISTRATION';
}

/** Maps MLflow's `ModelVersion` to this package's record. */
export function toModelVersion(wire: WireModelVersion): ModelVersion {
  return {
    name: wire.name ?? '',
    version: wire.version ?? '',
    description: wire.description ?? '',
    createdAt: toDate(wire.creation_timestamp),
    updatedAt: toDate(wire.last_updated_timestamp ?? wire.creation_timestamp),
    source: wire.source ?? '',
    runId: optionalText(wire.run_id),
    modelId: toModelId(wire),
    status: toStatus(wire.status),
    statusMessage: optionalText(wire.status_message),
    stage: wire.current_stage ?? 'None',
    tags: toTagRecord(wire.tags),
    aliases: [...(wire.aliases ?? [])],
    userId: optionalText(wire.user_id),
  };
}

/** Maps MLflow's `RegisteredModel` to this package's record. */
export function toRegisteredModel(wire: WireRegisteredModel): RegisteredModel {
  const aliases: Record<string, string> = {};
  for (const entry of wire.aliases ?? []) {
    if (entry.alias !== undefined && entry.version !== undefined) {
      aliases[entry.alias] = entry.version;
    }
  }
  return {
    name: wire.name ?? '',
    description: wire.description ?? '',
    createdAt: toDate(wire.creation_timestamp),
    updatedAt: toDate(wire.last_updated_timestamp ?? wire.creation_timestamp),
    tags: toTagRecord(wire.tags),
    aliases,
    latestVersions: (wire.latest_versions ?? []).map(toModelVersion),
  };
}
