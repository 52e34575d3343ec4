import type { ScenarioContext } from '../context';
import { callableFrame, moduleFrame } from '../operators/python';
import { connectionId } from '../operators/shared';
import { hex, privateIp } from '../random-helpers';
import { type Frame, libraryFrame, type RaisedException } from '../traceback';

/** Frames of a botocore client call that the service answered with an error. */
export function botocoreFrames(context: ScenarioContext): Frame[] {
  return [
    libraryFrame(
      context,
      'botocore/client.py',
      565,
      '_api_call',
      'return self._make_api_call(operation_name, kwargs)',
    ),
    libraryFrame(
      context,
      'botocore/client.py',
      1021,
      '_make_api_call',
      'raise error_class(parsed_response, operation_name)',
    ),
  ];
}

/** Frames of a Python task reading an S3 object through Airflow's `S3Hook`. */
export function s3HookReadFrames(context: ScenarioContext): Frame[] {
  const hook = 'airflow/providers/amazon/aws/hooks/s3.py';
  return [
    callableFrame(
      context,
      `raw = hook.read_key(key=key, bucket_name="${context.task.company.bucket}")`,
    ),
    libraryFrame(
      context,
      hook,
      135,
      'wrapper',
      'return func(*bound_args.args, **bound_args.kwargs)',
    ),
    libraryFrame(
      context,
      hook,
      89,
      'wrapper',
      'return func(*bound_args.args, **bound_args.kwargs)',
    ),
    libraryFrame(context, hook, 953, 'read_key', 'obj = self.get_key(key, bucket_name)'),
    libraryFrame(
      context,
      hook,
      135,
      'wrapper',
      'return func(*bound_args.args, **bound_args.kwargs)',
    ),
    libraryFrame(
      context,
      hook,
      89,
      'wrapper',
      'return func(*bound_args.args, **bound_args.kwargs)',
    ),
    libraryFrame(context, hook, 937, 'get_key', 'obj.load(**sanitize_extra_args())'),
    libraryFrame(
      context,
      'boto3/resources/factory.py',
      564,
      'do_action',
      'response = action(self, *args, **kwargs)',
    ),
    libraryFrame(
      context,
      'boto3/resources/action.py',
      88,
      '__call__',
      'response = getattr(parent.meta.client, operation_name)(*args, **params)',
    ),
    ...botocoreFrames(context),
  ];
}

/** Frames of a Python task opening a PostgreSQL connection through `PostgresHook`. */
export function postgresHookConnectFrames(context: ScenarioContext): Frame[] {
  return [
    callableFrame(
      context,
      `hook = PostgresHook(postgres_conn_id="${connectionId(context, 'postgres')}")`,
    ),
    moduleFrame(context, 'fetch_frame', 'with closing(hook.get_conn()) as conn:'),
    libraryFrame(
      context,
      'airflow/providers/postgres/hooks/postgres.py',
      158,
      'get_conn',
      'self.conn = psycopg2.connect(**conn_args)',
    ),
    libraryFrame(
      context,
      'psycopg2/__init__.py',
      122,
      'connect',
      'conn = _connect(dsn, connection_factory=connection_factory, **kwasync)',
    ),
  ];
}

/** Frames of a Python task executing SQL through a psycopg2 cursor. */
export function postgresCursorFrames(context: ScenarioContext, code: string): Frame[] {
  return [
    callableFrame(context, 'load_frame(df, table=TARGET_TABLE, ds=context["ds"])'),
    moduleFrame(context, 'load_frame', code),
  ];
}

/** Frames of `requests.get` down to the adapter that raised a connection-level error. */
export function requestsSendFrames(context: ScenarioContext): Frame[] {
  return [
    libraryFrame(
      context,
      'requests/api.py',
      73,
      'get',
      'return request("get", url, params=params, **kwargs)',
    ),
    libraryFrame(
      context,
      'requests/api.py',
      59,
      'request',
      'return session.request(method=method, url=url, **kwargs)',
    ),
    libraryFrame(
      context,
      'requests/sessions.py',
      589,
      'request',
      'resp = self.send(prep, **send_kwargs)',
    ),
    libraryFrame(
      context,
      'requests/sessions.py',
      703,
      'send',
      'r = adapter.send(request, **kwargs)',
    ),
  ];
}

/** The psycopg2 "connection to server … failed" prefix for the task's warehouse host. */
export function postgresServer(context: ScenarioContext): string {
  const { rng, task } = context;
  return `connection to server at "${task.company.warehouseHost}" (${privateIp(rng)}), port ${rng.choice([5432, 5432, 5439])} failed`;
}

/** What went wrong below `requests`: a name lookup, a refused connection or a read timeout. */
export type ConnectionProblem = 'dns' | 'refused' | 'read-timeout';

/**
 * The chained traceback of a `requests` call that failed below HTTP: the socket error,
 * urllib3's wrapper and retry exhaustion, then `requests`' own exception raised under
 * `callerFrames` (the operator's or the user's frames down to the `requests` call).
 */
export function requestsFailureChain(
  context: ScenarioContext,
  url: string,
  problem: ConnectionProblem,
  callerFrames: readonly Frame[],
): RaisedException[] {
  const { rng, deployment } = context;
  const parsed = new URL(url);
  const host = parsed.hostname;
  const path = `${parsed.pathname}${parsed.search}`;
  const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
  const objectId = `0x7f${hex(rng, 10)}`;
  const pool = `HTTPSConnectionPool(host='${host}', port=443)`;
  const adapterSend = libraryFrame(
    context,
    'requests/adapters.py',
    486,
    'send',
    'resp = conn.urlopen(',
  );
  if (problem === 'read-timeout') {
    const timeout = rng.choice([30, 60, 120, 300]);
    return [
      {
        frames: [
          libraryFrame(
            context,
            'urllib3/connectionpool.py',
            537,
            '_make_request',
            'response = conn.getresponse()',
          ),
          libraryFrame(
            context,
            'urllib3/connection.py',
            466,
            'getresponse',
            'httplib_response = super().getresponse()',
          ),
          {
            file: `${stdlib}/http/client.py`,
            line: 1395,
            func: 'getresponse',
            code: 'response.begin()',
          },
          {
            file: `${stdlib}/http/client.py`,
            line: 325,
            func: 'begin',
            code: 'version, status, reason = self._read_status()',
          },
          {
            file: `${stdlib}/http/client.py`,
            line: 286,
            func: '_read_status',
            code: 'line = str(self.fp.readline(_MAXLINE + 1), "iso-8859-1")',
          },
          {
            file: `${stdlib}/socket.py`,
            line: 706,
            func: 'readinto',
            code: 'return self._sock.recv_into(b)',
          },
          {
            file: `${stdlib}/ssl.py`,
            line: 1314,
            func: 'recv_into',
            code: 'return self.read(nbytes, buffer)',
          },
          {
            file: `${stdlib}/ssl.py`,
            line: 1166,
            func: 'read',
            code: 'return self._sslobj.read(len, buffer)',
          },
        ],
        exception: 'TimeoutError: The read operation timed out',
      },
      {
        frames: [
          adapterSend,
          libraryFrame(
            context,
            'urllib3/connectionpool.py',
            847,
            'urlopen',
            'retries = retries.increment(',
          ),
          libraryFrame(
            context,
            'urllib3/util/retry.py',
            470,
            'increment',
            'raise reraise(type(error), error, _stacktrace)',
          ),
          libraryFrame(context, 'urllib3/util/util.py', 39, 'reraise', 'raise value'),
          libraryFrame(
            context,
            'urllib3/connectionpool.py',
            793,
            'urlopen',
            'response = self._make_request(',
          ),
          libraryFrame(
            context,
            'urllib3/connectionpool.py',
            539,
            '_make_request',
            'self._raise_timeout(err=e, url=url, timeout_value=read_timeout)',
          ),
          libraryFrame(
            context,
            'urllib3/connectionpool.py',
            370,
            '_raise_timeout',
            'raise ReadTimeoutError(',
          ),
        ],
        exception: `urllib3.exceptions.ReadTimeoutError: ${pool}: Read timed out. (read timeout=${timeout})`,
        link: 'context',
      },
      {
        frames: [
          ...callerFrames,
          libraryFrame(
            context,
            'requests/adapters.py',
            532,
            'send',
            'raise ReadTimeout(e, request=request)',
          ),
        ],
        exception: `requests.exceptions.ReadTimeout: ${pool}: Read timed out. (read timeout=${timeout})`,
        link: 'context',
      },
    ];
  }
  const socketError =
    problem === 'dns'
      ? {
          frames: [
            libraryFrame(
              context,
              'urllib3/connection.py',
              198,
              '_new_conn',
              'sock = connection.create_connection(',
            ),
            libraryFrame(
              context,
              'urllib3/util/connection.py',
              60,
              'create_connection',
              'for res in socket.getaddrinfo(host, port, family, socket.SOCK_STREAM):',
            ),
            {
              file: `${stdlib}/socket.py`,
              line: 962,
              func: 'getaddrinfo',
              code: 'for res in _socket.getaddrinfo(host, port, family, type, proto, flags):',
            },
          ],
          exception: 'socket.gaierror: [Errno -3] Temporary failure in name resolution',
        }
      : {
          frames: [
            libraryFrame(
              context,
              'urllib3/connection.py',
              198,
              '_new_conn',
              'sock = connection.create_connection(',
            ),
            libraryFrame(
              context,
              'urllib3/util/connection.py',
              85,
              'create_connection',
              'raise err',
            ),
            libraryFrame(
              context,
              'urllib3/util/connection.py',
              73,
              'create_connection',
              'sock.connect(sa)',
            ),
          ],
          exception: 'ConnectionRefusedError: [Errno 111] Connection refused',
        };
  const wrapped =
    problem === 'dns'
      ? `urllib3.exceptions.NameResolutionError: <urllib3.connection.HTTPSConnection object at ${objectId}>: Failed to resolve '${host}' ([Errno -3] Temporary failure in name resolution)`
      : `urllib3.exceptions.NewConnectionError: <urllib3.connection.HTTPSConnection object at ${objectId}>: Failed to establish a new connection: [Errno 111] Connection refused`;
  const wrappedRepr =
    problem === 'dns'
      ? `NameResolutionError("<urllib3.connection.HTTPSConnection object at ${objectId}>: Failed to resolve '${host}' ([Errno -3] Temporary failure in name resolution)")`
      : `NewConnectionError('<urllib3.connection.HTTPSConnection object at ${objectId}>: Failed to establish a new connection: [Errno 111] Connection refused')`;
  const maxRetries = `${pool}: Max retries exceeded with url: ${path} (Caused by ${wrappedRepr})`;
  return [
    socketError,
    {
      frames: [
        libraryFrame(
          context,
          'urllib3/connectionpool.py',
          793,
          'urlopen',
          'response = self._make_request(',
        ),
        libraryFrame(context, 'urllib3/connectionpool.py', 491, '_make_request', 'raise new_e'),
        libraryFrame(
          context,
          'urllib3/connectionpool.py',
          467,
          '_make_request',
          'self._validate_conn(conn)',
        ),
        libraryFrame(
          context,
          'urllib3/connectionpool.py',
          1099,
          '_validate_conn',
          'conn.connect()',
        ),
        libraryFrame(
          context,
          'urllib3/connection.py',
          616,
          'connect',
          'self.sock = sock = self._new_conn()',
        ),
        libraryFrame(
          context,
          'urllib3/connection.py',
          problem === 'dns' ? 205 : 213,
          '_new_conn',
          problem === 'dns'
            ? 'raise NameResolutionError(self.host, self, e) from e'
            : 'raise NewConnectionError(',
        ),
      ],
      exception: wrapped,
      link: problem === 'dns' ? 'cause' : 'context',
    },
    {
      frames: [
        adapterSend,
        libraryFrame(
          context,
          'urllib3/connectionpool.py',
          847,
          'urlopen',
          'retries = retries.increment(',
        ),
        libraryFrame(
          context,
          'urllib3/util/retry.py',
          515,
          'increment',
          'raise MaxRetryError(_pool, url, reason) from reason  # type: ignore[arg-type]',
        ),
      ],
      exception: `urllib3.exceptions.MaxRetryError: ${maxRetries}`,
      link: 'cause',
    },
    {
      frames: [
        ...callerFrames,
        libraryFrame(
          context,
          'requests/adapters.py',
          519,
          'send',
          'raise ConnectionError(e, request=request)',
        ),
      ],
      exception: `requests.exceptions.ConnectionError: ${maxRetries}`,
      link: 'context',
    },
  ];
}
