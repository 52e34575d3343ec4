import type { ScenarioContext } from './context';

/** One frame of a Python traceback. */
export interface Frame {
  file: string;
  line: number;
  func: string;
  /** The source line, without indentation. */
  code: string;
}

/** One exception of a (possibly chained) traceback, outermost call first. */
export interface RaisedException {
  frames: readonly Frame[];
  /** `module.ErrorClass: message`; the message may span several lines. */
  exception: string;
  /**
   * How this exception relates to the previous one in the list: raised `from` it
   * (`cause`) or while handling it (`context`). Ignored for the first.
   */
  link?: 'cause' | 'context';
}

const causeLine = 'The above exception was the direct cause of the following exception:';
const contextLine = 'During handling of the above exception, another exception occurred:';

function minorOf(pythonVersion: string): number {
  return Number(pythonVersion.split('.')[1] ?? '0');
}

function formatFrame(frame: Frame, pythonVersion: string): string {
  const lines = [`  File "${frame.file}", line ${frame.line}, in ${frame.func}`];
  // Frames in compiled extensions (.pyx) and zip imports have no source line.
  if (frame.code === '') return lines.join('\n');
  lines.push(`    ${frame.code}`);
  // Python 3.11 and 3.12 underline the failing call when it is not the whole line.
  const assignment = frame.code.match(/^([\w.[\]'", ]+ =) (\S.*)$/);
  if (minorOf(pythonVersion) >= 11 && assignment?.[1] !== undefined && assignment[2]) {
    lines.push(`    ${' '.repeat(assignment[1].length + 1)}${'^'.repeat(assignment[2].length)}`);
  }
  return lines.join('\n');
}

/**
 * A Python traceback as the interpreter prints it, chained exceptions first-raised first.
 *
 * @param pythonVersion e.g. `3.11`; 3.11 and later add `^^^^` markers under calls.
 */
export function formatTraceback(chain: readonly RaisedException[], pythonVersion: string): string {
  const blocks = chain.map((raised, index) => {
    const parts: string[] = [];
    if (index > 0) parts.push('', raised.link === 'context' ? contextLine : causeLine, '');
    parts.push('Traceback (most recent call last):');
    for (const frame of raised.frames) parts.push(formatFrame(frame, pythonVersion));
    parts.push(raised.exception);
    return parts.join('\n');
  });
  return blocks.join('\n');
}

/** A frame in an installed package: `file` is relative to `site-packages`. */
export function libraryFrame(
  context: ScenarioContext,
  file: string,
  line: number,
  func: string,
  code: string,
): Frame {
  return { file: `${context.deployment.sitePackages}/${file}`, line, func, code };
}

/** A frame in Airflow itself: `file` is relative to the `airflow` package. */
export function airflowFrame(
  context: ScenarioContext,
  file: string,
  line: number,
  func: string,
  code: string,
): Frame {
  return libraryFrame(context, `airflow/${file}`, line, func, code);
}

/** A frame in the DAG file of the task. */
export function dagFrame(
  context: ScenarioContext,
  line: number,
  func: string,
  code: string,
): Frame {
  return { file: `${context.deployment.dagsFolder}/${context.task.dag.file}`, line, func, code };
}

/** A frame in the company's shared code next to the DAGs, e.g. `common/warehouse.py`. */
export function projectFrame(
  context: ScenarioContext,
  module: string,
  line: number,
  func: string,
  code: string,
): Frame {
  const file = `${context.deployment.dagsFolder}/${context.task.company.slug}_common/${module}`;
  return { file, line, func, code };
}

/** The frames Airflow puts above an operator's `execute` in this release. */
export function frameworkFrames(context: ScenarioContext): Frame[] {
  return context.deployment.release.frameworkFrames.map(([file, line, func, code]) =>
    airflowFrame(context, file, line, func, code),
  );
}

/** The frames of a Python operator down to the user's callable, framework frames included. */
export function pythonOperatorFrames(context: ScenarioContext): Frame[] {
  const [executeLine, callableLine] = context.deployment.release.python;
  const frames = frameworkFrames(context);
  if (context.task.operator === '_PythonDecoratedOperator') {
    frames.push(
      airflowFrame(
        context,
        'decorators/base.py',
        context.deployment.release.minor >= 9 ? 265 : 241,
        'execute',
        'return_value = super().execute(context)',
      ),
    );
    if (context.deployment.release.minor >= 9) {
      frames.push(
        airflowFrame(
          context,
          'models/baseoperator.py',
          401,
          'wrapper',
          'return func(self, *args, **kwargs)',
        ),
      );
    }
  }
  frames.push(
    airflowFrame(
      context,
      'operators/python.py',
      executeLine,
      'execute',
      'return_value = self.execute_callable()',
    ),
    airflowFrame(
      context,
      'operators/python.py',
      callableLine,
      'execute_callable',
      context.deployment.release.minor >= 10
        ? 'return runner.run(*self.op_args, **self.op_kwargs)'
        : 'return self.python_callable(*self.op_args, **self.op_kwargs)',
    ),
  );
  if (context.deployment.release.minor >= 10) {
    frames.push(
      airflowFrame(
        context,
        'utils/operator_helpers.py',
        252,
        'run',
        'return self.func(*args, **kwargs)',
      ),
    );
  }
  return frames;
}
