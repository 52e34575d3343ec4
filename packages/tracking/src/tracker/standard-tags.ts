import { userInfo } from 'node:os';
import { basename, dirname } from 'node:path';
import { captureEnvironment, environmentTags } from '@dagnostics/core';
import type { JournalKeyValue } from '../journal/records';

/** Tag with the client's run id, used to find a run whose creation had an unknown outcome. */
export const localRunIdTag = 'dagnostics.localRunId';

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

/**
 * The `mlflow.*` tags MLflow's Python client sets on a new run (user, source name and
 * type, git commit of the entry script's repository, run name, parent run), our
 * `dagnostics.localRunId`, and with `captureEnvironment` the whole environment snapshot.
 * User tags win over these.
 */
export async function standardRunTags(input: {
  localRunId: string;
  runName?: string;
  parentRunId?: string;
  captureEnvironment: boolean;
  userTags: Readonly<Record<string, string>>;
}): Promise<JournalKeyValue[]> {
  const entryScript = process.argv[1];
  const tags: Record<string, string> = {
    'mlflow.user': currentUser(),
    'mlflow.source.name': entryScript === undefined ? 'node' : basename(entryScript),
    'mlflow.source.type': 'LOCAL',
    [localRunIdTag]: input.localRunId,
  };
  if (input.runName !== undefined) tags['mlflow.runName'] = input.runName;
  if (input.parentRunId !== undefined) tags['mlflow.parentRunId'] = input.parentRunId;
  const snapshot = await captureEnvironment({
    cwd: entryScript === undefined ? process.cwd() : dirname(entryScript),
    gpu: input.captureEnvironment,
  });
  const environment = environmentTags(snapshot);
  if (input.captureEnvironment) {
    Object.assign(tags, environment);
  } else if (environment['mlflow.source.git.commit'] !== undefined) {
    tags['mlflow.source.git.commit'] = environment['mlflow.source.git.commit'];
  }
  Object.assign(tags, input.userTags);
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
