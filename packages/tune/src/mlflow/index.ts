export {
  createMlflowStudyLogger,
  type MlflowStudyLogger,
  type MlflowStudyLoggerOptions,
} from './mlflow-study-logger';
