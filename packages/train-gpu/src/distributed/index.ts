/** Data-parallel native training: launching ranks and reading their place from the environment. */
export {
  distributedEnvironment,
  distributedFromEnv,
  type LaunchDistributedOptions,
  type LaunchDistributedResult,
  launchDistributed,
  parseDistributedStore,
} from './launch';
