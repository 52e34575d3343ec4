// Model cards attached to a registered version of an MLflow 3 logged model on a real server
// (SQLite store): the three files land in the logged model's artifacts, download intact,
// and the version tag holds the JSON's sha256; MLflow's Python client reads them back.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  downloadArtifacts,
  type LoggedModel,
  listArtifacts,
  type MlflowTransport,
} from '@dagnostics/tracking';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { hasPythonMlflow, runPythonMlflow } from '../../../tracking/test/support/python-mlflow';
import type { RegistryClient } from '../../src/client';
import {
  attachModelCard,
  modelCardSha256Tag,
  parseModelCard,
  renderModelCardHtml,
  renderModelCardMarkdown,
} from '../../src/model-card';
import { fullModelCard } from '../../src/model-card/model-card.test-support';
import { type RegisteredModels, registerLoggedModels } from './fixtures/registered-models';

const readScript = `
import hashlib, json, os, sys, tempfile
import mlflow
request = json.load(sys.stdin)
mlflow.set_tracking_uri(request["uri"])
local = mlflow.artifacts.download_artifacts(
    artifact_uri=request["artifact_uri"] + "/model_card.json", dst_path=tempfile.mkdtemp()
)
with open(local, "rb") as handle:
    data = handle.read()
print(json.dumps({"sha256": hashlib.sha256(data).hexdigest(), "card": json.loads(data)}))
`;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'dagnostics-model-card-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describeWithService('mlflow-sqlite', 'model cards against MLflow (SQLite)', (mlflow) => {
  let setup: RegisteredModels | undefined;
  let transport: MlflowTransport;
  let registry: RegistryClient;
  let model: LoggedModel;
  const name = `carded-${randomUUID()}`;

  beforeAll(async () => {
    setup = await registerLoggedModels({ uri: mlflow.uri, scratch, name, versions: 1 });
    ({ registry, transport } = setup);
    model = setup.models[0] as LoggedModel;
  });
  afterAll(async () => {
    await setup?.close();
  });

  it('attaches the card as JSON, Markdown and HTML to the logged model and tags the version with its sha256', async () => {
    const card = fullModelCard();
    const attached = await attachModelCard(registry, transport, name, '1', card);
    expect(attached.artifactUri).toBe(model.artifactUri);
    expect([...attached.files].sort()).toEqual([
      'model_card.html',
      'model_card.json',
      'model_card.md',
    ]);
    expect(
      (await listArtifacts(transport, model.artifactUri)).map((entry) => entry.path).sort(),
    ).toEqual(['model_card.html', 'model_card.json', 'model_card.md']);

    const destination = join(scratch, 'download');
    await downloadArtifacts(transport, model.artifactUri, { destination });
    const json = await readFile(join(destination, 'model_card.json'));
    expect(createHash('sha256').update(json).digest('hex')).toBe(attached.sha256);
    expect(parseModelCard(JSON.parse(json.toString('utf8')))).toEqual(card);
    expect(await readFile(join(destination, 'model_card.md'), 'utf8')).toBe(
      renderModelCardMarkdown(card),
    );
    expect(await readFile(join(destination, 'model_card.html'), 'utf8')).toBe(
      renderModelCardHtml(card),
    );
    expect((await registry.getModelVersion(name, '1')).tags[modelCardSha256Tag]).toBe(
      attached.sha256,
    );

    if (hasPythonMlflow()) {
      const read = await runPythonMlflow<{ sha256: string; card: unknown }>(readScript, {
        uri: mlflow.uri,
        artifact_uri: model.artifactUri,
      });
      expect(read.sha256).toBe(attached.sha256);
      expect(read.card).toEqual(card);
    }

    // Attaching a changed card overwrites the files and the tag.
    const changed = { ...card, model_details: { ...card.model_details, overview: 'v2' } };
    const again = await attachModelCard(registry, transport, name, '1', changed);
    expect(again.sha256).not.toBe(attached.sha256);
    expect((await registry.getModelVersion(name, '1')).tags[modelCardSha256Tag]).toBe(again.sha256);
  });
});
