import type { Ending, ScenarioContext } from '../context';
import { uniform } from '../random-helpers';
import {
  airflowFrame,
  type Frame,
  frameworkFrames,
  libraryFrame,
  type RaisedException,
} from '../traceback';
import { sensorEndpoint } from './sensors';
import { failWithTraceback, logicalDs, stablePick, usingConnection } from './shared';

const hookFile = 'airflow/providers/http/hooks/http.py';

/** The endpoint a SimpleHttpOperator calls, stable per task. */
function httpEndpoint(context: ScenarioContext): string {
  return stablePick(context, 'http-endpoint', [
    `/v2/reports/${logicalDs(context)}`,
    '/api/v1/exports',
    `/invoices?since=${logicalDs(context)}`,
    '/v1/notifications',
  ]);
}

/** The URL of the task's endpoint on the company's partner API (the sensor's endpoint for an HttpSensor). */
export function httpUrl(context: ScenarioContext): string {
  const endpoint =
    context.task.operator === 'HttpSensor' ? sensorEndpoint(context) : httpEndpoint(context);
  return `https://${context.task.company.partnerApiHost}${endpoint}`;
}

/** Lines the SimpleHttpOperator writes before its request. */
export function startHttp(context: ScenarioContext): void {
  context.log.info('http.py:169', 'Calling HTTP method');
  usingConnection(context, 'http');
}

/** Pagination lines of an operator that pages through a report (`pagination` callback). */
export function httpProgress(context: ScenarioContext, count: number): void {
  const { log, rng } = context;
  log.pace(rng, Math.min(count, 120), log.remainingMs * uniform(rng, 0.3, 0.8), (index) => {
    log.info('http.py:169', `Calling HTTP method`);
    usingConnection(context, 'http');
    if (index % 10 === 9)
      log.info('http.py:189', `Fetched ${index + 1} pages from ${httpEndpoint(context)}`);
  });
}

/** Frames from the HTTP operator (or HttpSensor's poke) into the hook's request. */
export function httpRunFrames(context: ScenarioContext): Frame[] {
  const frames = frameworkFrames(context);
  if (context.task.operator === 'HttpSensor') {
    frames.push(
      airflowFrame(context, 'sensors/base.py', 265, 'execute', 'poke_return = self.poke(context)'),
      libraryFrame(
        context,
        'airflow/providers/http/sensors/http.py',
        137,
        'poke',
        'response = hook.run(',
      ),
    );
  } else {
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/http/operators/http.py',
        145,
        'execute',
        'response = self.hook.run(self.endpoint, self.data, self.headers, self.extra_options)',
      ),
    );
  }
  frames.push(
    libraryFrame(
      context,
      hookFile,
      177,
      'run',
      'return self.run_and_check(session, prepped_request, extra_options)',
    ),
  );
  return frames;
}

/**
 * Fails an HTTP task (SimpleHttpOperator or HttpSensor) on an HTTP error status: the hook logs the error and
 * body, then raises `AirflowException("<status>:<reason>")` from requests' `HTTPError`.
 */
export function failHttpStatus(
  context: ScenarioContext,
  status: number,
  reason: string,
  body: string,
): Ending {
  const { log } = context;
  log.moveTo(log.durationMs - context.rng.int(300, 900));
  log.error('http.py:199', `HTTP error: ${reason}`);
  log.error('http.py:200', body);
  const kind = status >= 500 ? 'Server' : 'Client';
  const chain: RaisedException[] = [
    {
      frames: [
        libraryFrame(context, hookFile, 196, 'check_response', 'response.raise_for_status()'),
        libraryFrame(
          context,
          'requests/models.py',
          1021,
          'raise_for_status',
          'raise HTTPError(http_error_msg, response=self)',
        ),
      ],
      exception: `requests.exceptions.HTTPError: ${status} ${kind} Error: ${reason} for url: ${httpUrl(context)}`,
    },
    {
      frames: [
        ...httpRunFrames(context),
        libraryFrame(context, hookFile, 230, 'run_and_check', 'self.check_response(response)'),
        libraryFrame(
          context,
          hookFile,
          200,
          'check_response',
          'raise AirflowException(str(response.status_code) + ":" + response.reason)',
        ),
      ],
      exception: `airflow.exceptions.AirflowException: ${status}:${reason}`,
      link: 'context',
    },
  ];
  return failWithTraceback(context, chain);
}
