export { type ConsoleTransportSettings, createConsoleTransport } from './console-transport';
export { createFileTransport, type FileTransportSettings } from './file-transport';
export { createHttpTransport, type HttpTransportSettings } from './http-transport';
export type { EmitOptions, LineageTransport } from './transport';
