import type { Ending, ScenarioContext } from '../context';
import { chance, hex, privateIp, uniform } from '../random-helpers';
import { type Frame, libraryFrame } from '../traceback';
import { failWithTraceback, logicalDs, stableIndex, stablePick } from './shared';

const operatorFile = 'airflow/providers/cncf/kubernetes/operators/pod.py';

/** The pod name the operator creates: task id plus a suffix stable per attempt. */
export function podName(context: ScenarioContext): string {
  const { task } = context;
  const key = `${task.dag.dagId}.${task.taskId}.${task.runId}.${task.tryNumber}`;
  const suffix = stableIndex(key, 0xffffffff).toString(36).padStart(7, '0').slice(0, 8);
  return `${task.taskId.replaceAll('_', '-')}-${suffix}`;
}

/** The container image of the task, stable per task. */
export function podImage(context: ScenarioContext): string {
  const { task } = context;
  const name = stablePick(context, 'image', [
    'batch-jobs',
    'ml-trainer',
    `${task.company.slug}-jobs`,
  ]);
  const tag = stablePick(context, 'tag', [
    '2024.04.2',
    'v1.18.3',
    'sha-4f2c9e1',
    'latest',
    '3.2.0',
  ]);
  return `${task.company.imageRegistry}/${name}:${tag}`;
}

function containerPrefix(context: ScenarioContext): string {
  return context.deployment.release.minor >= 7 ? '[base] ' : '';
}

/** Writes one line of the container's output, as the operator relays it. */
function containerLine(context: ScenarioContext, line: string): void {
  context.log.info('pod_manager.py:466', `${containerPrefix(context)}${line}`);
}

/** Lines the KubernetesPodOperator writes while it creates the pod and waits for it. */
export function startPod(
  context: ScenarioContext,
  options: { reachesRunning?: boolean } = {},
): void {
  const { log, rng, task } = context;
  const name = podName(context);
  const runLabel = `${task.runId.replace(/[^a-zA-Z0-9]/g, '')}-${hex(rng, 9)}`.slice(0, 63);
  log.info(
    'pod.py:1063',
    `Building pod ${name} with labels: {'dag_id': '${task.dag.dagId}', 'task_id': '${task.taskId}', 'run_id': '${runLabel}', 'kubernetes_pod_operator': 'True', 'try_number': '${task.tryNumber}'}`,
  );
  const pendingPolls = rng.int(1, 4);
  for (let index = 0; index < pendingPolls; index += 1) {
    log.advance(rng.int(900, 2500));
    log.info('pod_manager.py:359', `Pod ${name} has phase Pending`);
  }
  if (options.reachesRunning === false) return;
  log.advance(rng.int(900, 2500));
  log.info('pod_manager.py:359', `Pod ${name} has phase Running`);
}

function appLine(context: ScenarioContext, index: number): string {
  const { rng, task, log } = context;
  const stamp = new Date(log.startMs + log.offsetMs)
    .toISOString()
    .replace('T', ' ')
    .replace('Z', '')
    .replace('.', ',');
  if (task.dag.kind === 'ml') {
    return `${stamp} INFO trainer: epoch=${Math.floor(index / 20) + 1} step=${(index + 1) * 50} loss=${uniform(rng, 0.2, 1.4).toFixed(4)} grad_norm=${uniform(rng, 0.1, 3).toFixed(3)}`;
  }
  return `${stamp} INFO ${task.taskId}: ${rng.choice(['loaded', 'solved', 'scored', 'wrote'])} chunk ${index + 1} (${rng.int(1000, 90_000)} rows, ${uniform(rng, 0.1, 12).toFixed(2)}s)`;
}

/** Ordinary container output: training steps or batch progress. */
export function podProgress(context: ScenarioContext, count: number): void {
  const { rng, log } = context;
  log.pace(rng, count, log.remainingMs * uniform(rng, 0.5, 0.9), (index) => {
    containerLine(context, appLine(context, index));
  });
}

function pyDate(context: ScenarioContext, offsetMs: number): string {
  const date = new Date(context.log.startMs + offsetMs);
  return `datetime.datetime(${date.getUTCFullYear()}, ${date.getUTCMonth() + 1}, ${date.getUTCDate()}, ${date.getUTCHours()}, ${date.getUTCMinutes()}, ${date.getUTCSeconds()}, tzinfo=tzlocal())`;
}

/** How the pod's container ended, as the Kubernetes API reports it. */
export interface PodTermination {
  exitCode: number;
  /** Container termination reason: `Error`, `OOMKilled`, `ContainerStatusUnknown`, … */
  reason: string;
  /** Pod-level reason and message, e.g. `Evicted` and the kubelet's explanation. */
  podReason?: string;
  podMessage?: string;
}

/** The `remote_pod` dump the operator appends to its exception, in Python's pprint layout. */
function remotePodDump(context: ScenarioContext, termination: PodTermination): string {
  const { rng, task } = context;
  const name = podName(context);
  const containerId = `containerd://${hex(rng, 64)}`;
  const created = pyDate(context, 1500);
  const started = pyDate(context, rng.int(4000, 9000));
  const finished = pyDate(context, context.log.durationMs - rng.int(1000, 3000));
  const memory = rng.choice(['2Gi', '4Gi', '8Gi', '16Gi', '30Gi']);
  const cpu = rng.choice(['500m', '1', '2', '4']);
  // Requests below the limits make the pod Burstable; equal ones make it Guaranteed.
  const guaranteed = chance(rng, 0.5);
  const requestedMemory = guaranteed ? memory : rng.choice(['512Mi', '1Gi', '2Gi']);
  const quote = (value: string | undefined): string =>
    value === undefined ? 'None' : `'${value}'`;
  const lines = [
    "remote_pod: {'api_version': 'v1',",
    " 'kind': 'Pod',",
    " 'metadata': {'annotations': None,",
    `              'creation_timestamp': ${created},`,
    `              'labels': {'airflow_kpo_in_cluster': 'True',`,
    `                         'airflow_version': '${context.deployment.airflowVersion.replaceAll('.', '-')}',`,
    `                         'dag_id': '${task.dag.dagId}',`,
    "                         'kubernetes_pod_operator': 'True',",
    `                         'task_id': '${task.taskId}',`,
    `                         'try_number': '${task.tryNumber}'},`,
    `              'name': '${name}',`,
    `              'namespace': '${task.company.kubernetesNamespace}',`,
    `              'resource_version': '${rng.int(10_000_000, 99_999_999)}',`,
    `              'uid': '${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}'},`,
  ];
  if (chance(rng, 0.6)) {
    lines.push(
      " 'spec': {'containers': [{'args': None,",
      `                          'command': ['python', '-m', '${task.company.slug}_jobs.${task.taskId}', '--ds', '${logicalDs(context)}'],`,
      `                          'image': '${podImage(context)}',`,
      "                          'image_pull_policy': 'IfNotPresent',",
      "                          'name': 'base',",
      `                          'resources': {'limits': {'cpu': '${cpu}', 'memory': '${memory}'},`,
      `                                        'requests': {'cpu': '${cpu}', 'memory': '${requestedMemory}'}},`,
      "                          'termination_message_path': '/dev/termination-log',",
      "                          'termination_message_policy': 'File'}],",
      `          'node_name': 'ip-${privateIp(rng).replaceAll('.', '-')}.${task.company.awsRegion}.compute.internal',`,
      "          'restart_policy': 'Never',",
      `          'service_account_name': '${rng.choice(['airflow-worker', 'default', `${task.company.slug}-jobs`])}'},`,
    );
  }
  lines.push(
    " 'status': {'conditions': None,",
    `            'container_statuses': [{'container_id': '${containerId}',`,
    `                                    'image': '${podImage(context)}',`,
    "                                    'name': 'base',",
    "                                    'ready': False,",
    "                                    'restart_count': 0,",
    "                                    'state': {'running': None,",
    `                                              'terminated': {'container_id': '${containerId}',`,
    `                                                             'exit_code': ${termination.exitCode},`,
    `                                                             'finished_at': ${finished},`,
    "                                                             'message': None,",
    `                                                             'reason': '${termination.reason}',`,
    "                                                             'signal': None,",
    `                                                             'started_at': ${started}},`,
    "                                              'waiting': None}}],",
    `            'host_ip': '${privateIp(rng)}',`,
    `            'message': ${quote(termination.podMessage)},`,
    "            'phase': 'Failed',",
    `            'pod_ip': '${privateIp(rng)}',`,
    `            'qos_class': '${guaranteed ? 'Guaranteed' : 'Burstable'}',`,
    `            'reason': ${quote(termination.podReason)},`,
    `            'start_time': ${created}}}`,
  );
  return lines.join('\n');
}

function podFrames(context: ScenarioContext, last: readonly [number, string, string]): Frame[] {
  return [
    libraryFrame(context, operatorFile, 594, 'execute', 'return self.execute_sync(context)'),
    libraryFrame(context, operatorFile, 656, 'execute_sync', 'self.cleanup('),
    libraryFrame(context, operatorFile, last[0], last[1], last[2]),
  ];
}

/**
 * Fails a KubernetesPodOperator task whose container ran and ended badly: writes the
 * container's last lines, then the operator's "returned a failure" with the pod dump.
 */
export function failPod(
  context: ScenarioContext,
  containerLines: readonly string[],
  termination: PodTermination,
): Ending {
  const { log, rng } = context;
  for (const line of containerLines) {
    log.advance(rng.int(0, 800));
    containerLine(context, line);
  }
  log.moveTo(log.durationMs - rng.int(1500, 4000));
  const name = podName(context);
  log.info('pod_manager.py:359', `Pod ${name} has phase Failed`);
  log.advance(rng.int(100, 900));
  log.info('pod.py:979', `Deleting pod: ${name}`);
  const message = `Pod ${name} returned a failure.\n${remotePodDump(context, termination)}`;
  return failWithTraceback(
    context,
    [
      {
        frames: podFrames(context, [886, 'cleanup', 'raise AirflowException(']),
        exception: `airflow.exceptions.AirflowException: ${message}`,
      },
    ],
    { summary: `Pod ${name} returned a failure.` },
  );
}

/**
 * Fails a KubernetesPodOperator task whose pod never started: logs the pod events and
 * `PodLaunchFailedException`. The startup timeout is the longest usual setting that fits
 * in the attempt, so use attempts of at least 125 seconds.
 */
export function failPodLaunch(
  context: ScenarioContext,
  events: ReadonlyArray<readonly [reason: string, message: string]>,
): Ending {
  const { log, rng } = context;
  const fitting = [120, 300, 600, 900].filter((seconds) => seconds * 1000 < log.durationMs - 3000);
  const startupTimeoutS = fitting[fitting.length - 1] ?? 120;
  const name = podName(context);
  log.pace(rng, rng.int(3, 12), log.remainingMs * 0.85, () => {
    log.info('pod_manager.py:359', `Pod ${name} has phase Pending`);
  });
  log.moveTo(log.durationMs - rng.int(1500, 3000));
  for (const [reason, message] of events)
    log.error('pod.py:958', `Pod Event: ${reason} - ${message}`);
  log.info('pod.py:979', `Deleting pod: ${name}`);
  const managerFile = 'airflow/providers/cncf/kubernetes/utils/pod_manager.py';
  return failWithTraceback(context, [
    {
      frames: [
        libraryFrame(context, operatorFile, 594, 'execute', 'return self.execute_sync(context)'),
        libraryFrame(
          context,
          operatorFile,
          637,
          'execute_sync',
          'self.await_pod_start(pod=self.pod)',
        ),
        libraryFrame(
          context,
          operatorFile,
          598,
          'await_pod_start',
          'self.pod_manager.await_pod_start(',
        ),
        libraryFrame(
          context,
          managerFile,
          381,
          'await_pod_start',
          'raise PodLaunchFailedException(msg)',
        ),
      ],
      exception: `airflow.providers.cncf.kubernetes.utils.pod_manager.PodLaunchFailedException: Pod took longer than ${startupTimeoutS} seconds to start. Check the pod events in kubernetes to determine why.`,
    },
  ]);
}
