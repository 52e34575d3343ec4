export {
  type ApprovalRecord,
  type ApprovalState,
  type ApprovalStatus,
  approvalTags,
  readApprovalState,
} from './approval-state';
export {
  createGovernance,
  type Governance,
  type GovernanceOptions,
  type GovernanceRegistry,
  governanceTextLimits,
} from './create-governance';
export {
  defaultProtectedAliases,
  type GovernancePolicy,
  type UserResolver,
} from './governance-policy';
