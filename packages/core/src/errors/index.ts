export { ConfigError, DataFormatError, EmptyInputError, InvalidArgumentError } from './classes';
export { DagnosticsError, type DagnosticsErrorOptions } from './dagnostics-error';
