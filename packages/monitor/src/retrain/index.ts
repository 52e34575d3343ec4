export {
  createRetrainTrigger,
  type RetrainCondition,
  type RetrainDecision,
  type RetrainReason,
  type RetrainTrigger,
  type RetrainTriggerOptions,
} from './retrain-trigger';
