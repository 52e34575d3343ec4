export { type CreateLoggedModelOptions, createLoggedModel } from './create-logged-model';
export { logModelOutput } from './log-model-output';
export {
  type LoggedModel,
  type LoggedModelMetric,
  type LoggedModelRegistration,
  type LoggedModelStatus,
  toLoggedModel,
  type WireLoggedModel,
} from './logged-model';
export { deleteLoggedModel, finalizeLoggedModel, getLoggedModel } from './logged-model-lifecycle';
export { loggedModelParamsPerRequest, logLoggedModelParams } from './logged-model-params';
export { deleteLoggedModelTag, setLoggedModelTags } from './logged-model-tags';
export {
  type LoggedModelOrderBy,
  type SearchLoggedModelsOptions,
  searchLoggedModels,
} from './search-logged-models';
export { uploadModelArtifacts } from './upload-model-artifacts';
