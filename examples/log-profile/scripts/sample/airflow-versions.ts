/**
 * Where Airflow's own log lines come from in each minor version: file names and line
 * numbers move between releases, and the classifier should not learn one release's
 * numbers as a signal.
 */
export interface AirflowRelease {
  /** Minor version, e.g. 8 for 2.8. */
  minor: number;
  /** Patch releases of this minor that appear in the sample. */
  versions: readonly string[];
  /** Python versions the official images of this release ship with. */
  pythonVersions: readonly string[];
  /** Line numbers in `taskinstance.py`. */
  taskInstance: {
    depsMet: number;
    depsNotMet: number;
    startingAttempt: number;
    executing: number;
    exportEnv: number;
    failedWithException: number;
    marking: number;
    downstream: number;
    sigterm: number;
    externallyFailed: number;
    emailAlert: number;
  };
  /** Line numbers in `standard_task_runner.py`: started, running, job, failed job. */
  standardTaskRunner: readonly [number, number, number, number];
  /** Line number in `task_command.py` of "Running <TaskInstance…> on host". */
  taskCommand: number;
  /** Line number in `local_task_job_runner.py` of "Task exited with return code". */
  exitCode: number;
  /** Line number in `logging_mixin.py` through which `print()` output reaches the log. */
  loggingMixin: number;
  /** Line numbers in `operators/python.py`: `execute`, `execute_callable`, "Done." line. */
  python: readonly [number, number, number];
  /** Frames above the operator's `execute` in a task traceback, newest release first. */
  frameworkFrames: ReadonlyArray<readonly [file: string, line: number, func: string, code: string]>;
  /** Whether "Marking task as …" names the run id. */
  markingHasRunId: boolean;
  /** Whether "Starting attempt" is framed by dashed separator lines. */
  attemptSeparators: boolean;
}

/** The Airflow 2.x minor releases of the sample, 2.6 to 2.10. */
export const AIRFLOW_RELEASES: readonly AirflowRelease[] = [
  {
    minor: 6,
    versions: ['2.6.1', '2.6.3'],
    pythonVersions: ['3.8', '3.9', '3.10'],
    taskInstance: {
      depsMet: 1103,
      depsNotMet: 1096,
      startingAttempt: 1309,
      executing: 1328,
      exportEnv: 1547,
      failedWithException: 1824,
      marking: 1345,
      downstream: 2651,
      sigterm: 1517,
      externallyFailed: 1573,
      emailAlert: 2103,
    },
    standardTaskRunner: [57, 84, 85, 104],
    taskCommand: 410,
    exitCode: 225,
    loggingMixin: 149,
    python: [181, 198, 183],
    frameworkFrames: [],
    markingHasRunId: false,
    attemptSeparators: true,
  },
  {
    minor: 7,
    versions: ['2.7.1', '2.7.2', '2.7.3'],
    pythonVersions: ['3.8', '3.9', '3.10', '3.11'],
    taskInstance: {
      depsMet: 1159,
      depsNotMet: 1152,
      startingAttempt: 1361,
      executing: 1382,
      exportEnv: 1660,
      failedWithException: 1937,
      marking: 1400,
      downstream: 2778,
      sigterm: 1632,
      externallyFailed: 1690,
      emailAlert: 2231,
    },
    standardTaskRunner: [57, 84, 85, 104],
    taskCommand: 415,
    exitCode: 228,
    loggingMixin: 151,
    python: [192, 209, 194],
    frameworkFrames: [],
    markingHasRunId: false,
    attemptSeparators: false,
  },
  {
    minor: 8,
    versions: ['2.8.1', '2.8.3', '2.8.4'],
    pythonVersions: ['3.8', '3.9', '3.10', '3.11'],
    taskInstance: {
      depsMet: 1956,
      depsNotMet: 1949,
      startingAttempt: 2170,
      executing: 2191,
      exportEnv: 2480,
      failedWithException: 2699,
      marking: 1183,
      downstream: 3280,
      sigterm: 2450,
      externallyFailed: 2518,
      emailAlert: 1050,
    },
    standardTaskRunner: [60, 87, 88, 107],
    taskCommand: 423,
    exitCode: 234,
    loggingMixin: 188,
    python: [199, 216, 201],
    frameworkFrames: [
      [
        'models/taskinstance.py',
        433,
        '_execute_task',
        'result = execute_callable(context=context, **execute_callable_kwargs)',
      ],
    ],
    markingHasRunId: false,
    attemptSeparators: false,
  },
  {
    minor: 9,
    versions: ['2.9.1', '2.9.2', '2.9.3'],
    pythonVersions: ['3.9', '3.10', '3.11', '3.12'],
    taskInstance: {
      depsMet: 2073,
      depsNotMet: 2066,
      startingAttempt: 2284,
      executing: 2306,
      exportEnv: 2651,
      failedWithException: 2905,
      marking: 1206,
      downstream: 3498,
      sigterm: 2612,
      externallyFailed: 2694,
      emailAlert: 1082,
    },
    standardTaskRunner: [63, 90, 91, 110],
    taskCommand: 426,
    exitCode: 243,
    loggingMixin: 188,
    python: [235, 252, 237],
    frameworkFrames: [
      [
        'models/taskinstance.py',
        465,
        '_execute_task',
        'result = _execute_callable(context=context, **execute_callable_kwargs)',
      ],
      [
        'models/taskinstance.py',
        432,
        '_execute_callable',
        'return execute_callable(context=context, **execute_callable_kwargs)',
      ],
      ['models/baseoperator.py', 401, 'wrapper', 'return func(self, *args, **kwargs)'],
    ],
    markingHasRunId: true,
    attemptSeparators: false,
  },
  {
    minor: 10,
    versions: ['2.10.1', '2.10.2', '2.10.4'],
    pythonVersions: ['3.9', '3.10', '3.11', '3.12'],
    taskInstance: {
      depsMet: 2352,
      depsNotMet: 2345,
      startingAttempt: 2566,
      executing: 2589,
      exportEnv: 3114,
      failedWithException: 3311,
      marking: 1225,
      downstream: 3978,
      sigterm: 3094,
      externallyFailed: 3182,
      emailAlert: 1117,
    },
    standardTaskRunner: [72, 104, 105, 124],
    taskCommand: 467,
    exitCode: 266,
    loggingMixin: 190,
    python: [240, 257, 242],
    frameworkFrames: [
      [
        'models/taskinstance.py',
        767,
        '_execute_task',
        'result = _execute_callable(context=context, **execute_callable_kwargs)',
      ],
      ['models/taskinstance.py', 733, '_execute_callable', 'return ExecutionCallableRunner('],
      ['utils/operator_helpers.py', 252, 'run', 'return self.func(*args, **kwargs)'],
      ['models/baseoperator.py', 406, 'wrapper', 'return func(self, *args, **kwargs)'],
    ],
    markingHasRunId: true,
    attemptSeparators: false,
  },
];
