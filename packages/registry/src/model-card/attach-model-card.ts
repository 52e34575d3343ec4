import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@dagnostics/core';
import {
  createMlflowClient,
  getLoggedModel,
  type MlflowTransport,
  uploadArtifact,
} from '@dagnostics/tracking';
import type { RegistryClient } from '../client/registry-client';
import type { ModelCard } from './model-card';
import { parseModelCard } from './parse-model-card';
import { renderModelCardHtml } from './render-model-card-html';
import { renderModelCardMarkdown } from './render-model-card-markdown';

/** Model-version tag holding the sha256 (hex) of the attached `model_card.json`. */
export const modelCardSha256Tag = 'dagnostics.model_card.sha256';

/** The files {@link attachModelCard} writes, at the root of the model's artifacts. */
export const modelCardFileNames = {
  json: 'model_card.json',
  markdown: 'model_card.md',
  html: 'model_card.html',
} as const;

/** What {@link attachModelCard} wrote. */
export interface AttachedModelCard {
  /** The artifact root the files went to (the logged model's `artifact_uri`). */
  readonly artifactUri: string;
  /** The files written, relative to `artifactUri`. */
  readonly files: readonly string[];
  /** sha256 (hex) of `model_card.json`'s bytes, also in the version tag `dagnostics.model_card.sha256`. */
  readonly sha256: string;
}

const loggedModelSource = /^models:\/(m-[0-9a-f]+)\/?$/;

/**
 * Validates a model card, then uploads it as `model_card.json` (2-space JSON), `model_card.md`
 * and `model_card.html` to the artifacts of the logged model a version registers (its
 * `models:/<modelId>` source, resolved with tracking's `getLoggedModel`), or to its
 * `mlflow-artifacts:` source for a version registered from run artifacts, and sets the
 * version tag `dagnostics.model_card.sha256` to the JSON's sha256, so approval evidence can
 * name the exact card. Attaching again overwrites the files and the tag.
 *
 * @param transport - tracking's transport to the same server (the artifact proxy).
 * @throws {InvalidArgumentError} for a card that does not follow the schema (nothing
 * written), or a version whose source is neither a logged model nor proxied artifacts.
 * @throws {MlflowApiError} / {ArtifactLocationError} as the registry and tracking report them.
 */
export async function attachModelCard(
  registry: Pick<RegistryClient, 'getModelVersion' | 'setModelVersionTag'>,
  transport: MlflowTransport,
  name: string,
  version: string,
  card: ModelCard,
  options: { signal?: AbortSignal } = {},
): Promise<AttachedModelCard> {
  const valid = parseModelCard(card);
  const signalOption = options.signal === undefined ? {} : { signal: options.signal };
  const modelVersion = await registry.getModelVersion(name, version, signalOption);
  const modelId = modelVersion.modelId ?? loggedModelSource.exec(modelVersion.source)?.[1];
  let artifactUri: string;
  if (modelId !== undefined && modelId !== '') {
    artifactUri = (await getLoggedModel(createMlflowClient(transport), modelId, signalOption))
      .artifactUri;
  } else if (modelVersion.source.startsWith('mlflow-artifacts:')) {
    artifactUri = modelVersion.source;
  } else {
    throw new InvalidArgumentError({
      message: `Version ${version} of ${JSON.stringify(name)} has source ${JSON.stringify(modelVersion.source)}, neither a logged model (models:/<modelId>) nor artifacts served by the tracking server; the card has nowhere to go.`,
      argument: 'version',
    });
  }
  const json = `${JSON.stringify(valid, null, 2)}\n`;
  const encoder = new TextEncoder();
  const files: [string, string][] = [
    [modelCardFileNames.json, json],
    [modelCardFileNames.markdown, renderModelCardMarkdown(valid)],
    [modelCardFileNames.html, renderModelCardHtml(valid)],
  ];
  const written: string[] = [];
  for (const [fileName, text] of files) {
    written.push(
      ...(await uploadArtifact(transport, artifactUri, encoder.encode(text), {
        fileName,
        ...signalOption,
      })),
    );
  }
  const sha256 = createHash('sha256').update(json).digest('hex');
  await registry.setModelVersionTag(name, version, modelCardSha256Tag, sha256, signalOption);
  return { artifactUri, files: written, sha256 };
}
