/**
 * Data versioning that is byte-compatible with DVC 3: md5 digests, the
 * `.dvc/cache/files/md5` cache, `.dir` manifests, `.dvc` files, and local remotes.
 */
export {
  type AddToCacheOptions,
  type AddToCacheResult,
  addToCache,
} from './add';
export { type CheckoutOptions, type CheckoutResult, checkout } from './checkout';
export {
  type DirManifestEntry,
  parseDirManifest,
  serializeDirManifest,
} from './dir-manifest';
export { type DvcFile, type DvcOutput, formatDvcFile, parseDvcFile } from './dvc-file';
export {
  CacheObjectCorruptedError,
  CacheObjectMissingError,
  CheckoutConflictError,
  DvcFileFormatError,
} from './errors';
export { gitignoreEntry } from './gitignore';
export { type FileHash, type HashFileOptions, hashFile } from './md5';
export { objectPath } from './object-store';
export { comparePythonStrings, pythonJsonString } from './python-json';
export {
  type RepositoryOptions,
  type ResolvedOutput,
  type ResolvedTarget,
  readTarget,
} from './repository';
export { type OutputStatus, type StatusOptions, type StatusResult, status } from './status';
export {
  type PullOptions,
  type PullResult,
  pull,
  push,
  type TransferOptions,
  type TransferResult,
} from './transfer';
export {
  type CorruptedObject,
  type VerifyCacheOptions,
  type VerifyCacheResult,
  verifyCache,
} from './verify';
export { type HashedEntry, type HashOptions, hashPath, type PathHash } from './workspace';
