import { InvalidArgumentError } from '@dagnostics/core';
import { codePointLength, registryTagValueMaxLength } from '../audit/audit-entry';
import { AuditLogError } from '../audit/audit-log-error';
import type { AuditSink } from '../audit/audit-sink';
import { canonicalJson } from '../audit/canonical-json';
import type { RegistryClient } from '../client/registry-client';
import { GovernanceError } from '../errors';
import {
  type ApprovalState,
  type ApprovalStatus,
  approvalTags,
  readApprovalState,
} from './approval-state';
import {
  type GovernancePolicy,
  resolvePolicy,
  toUserResolver,
  type UserResolver,
} from './governance-policy';

/** The registry calls governance makes. */
export type GovernanceRegistry = Pick<
  RegistryClient,
  | 'getModelVersion'
  | 'setModelVersionTag'
  | 'deleteModelVersionTag'
  | 'setAlias'
  | 'getRegisteredModel'
>;

/** Settings of {@link createGovernance}. */
export interface GovernanceOptions {
  /** The registered model governed. */
  readonly modelName: string;
  readonly policy: GovernancePolicy;
  /** User name → roles, or a function that looks a user up (an IdP, a YAML file). */
  readonly users: Readonly<Record<string, { roles: readonly string[] }>> | UserResolver;
  /** Where every action and every refusal is recorded, e.g. `createAuditLog(registry, modelName)`. */
  readonly audit: AuditSink;
  /** Clock for the `*_at` tags. Default `() => new Date()`. */
  readonly now?: () => Date;
}

/** Approvals and guarded alias moves for one registered model. */
export interface Governance {
  /** Opens a request (PendingManualApproval) for a version with no request, or one Rejected or Revoked. */
  requestApproval(
    version: string,
    request: { requestedBy: string; evidence?: Record<string, unknown> },
  ): Promise<ApprovalState>;
  /** Adds an approval; the version becomes Approved with the policy's number of distinct approvals. */
  approve(version: string, approval: { by: string; comment?: string }): Promise<ApprovalState>;
  /** Rejects a pending request (terminal until a new request). */
  reject(version: string, rejection: { by: string; reason: string }): Promise<ApprovalState>;
  /** Withdraws an approval or a pending request (terminal until a new request). */
  revoke(version: string, revocation: { by: string; reason: string }): Promise<ApprovalState>;
  /** Where the version stands, read from its tags. */
  status(version: string): Promise<ApprovalState>;
  /**
   * Points `alias` at `version`. A protected alias (policy `protectedAliases`) is refused with
   * `GovernanceError` `NOT_APPROVED` unless the version is Approved; both outcomes are audited.
   */
  setAlias(alias: string, version: string, options: { by: string }): Promise<void>;
  /**
   * The check of {@link Governance.setAlias} without the move: resolves when `version` may take
   * `alias`, else audits the refusal and throws `GovernanceError` `NOT_APPROVED`. The rollout
   * controller's `beforePromote` uses it, so a canary of an unapproved version is not promoted.
   */
  assertAliasAllowed(alias: string, version: string, options: { by: string }): Promise<void>;
}

/** Longest evidence (canonical JSON), comment or reason accepted, in characters, so audit entries fit a tag. */
export const governanceTextLimits = { evidence: 3500, comment: 1000 } as const;

const auditAttempts = 3;

/**
 * Approvals for the model versions of `modelName`, with the state in version tags
 * (`approval_status` PendingManualApproval | Approved | Rejected | Revoked, `approved_by`,
 * `dagnostics.approval.*`) and every action and refusal appended to `audit`.
 *
 * Rules, checked in this order and refused with `GovernanceError` (after auditing the refusal):
 * approving, rejecting and revoking need one of `policy.approverRoles` (`ROLE_NOT_ALLOWED`);
 * the transition must be allowed from the current status (`INVALID_TRANSITION`); the requester
 * cannot approve their own request (`SELF_APPROVAL`); nobody approves twice
 * (`DUPLICATE_APPROVAL`). Two approvers acting at the same instant on one version can lose an
 * approval (MLflow tags have no conditional update); the audit log still records both.
 *
 * @throws {InvalidArgumentError} for a policy with no approver role or `requiredApprovals` < 1.
 *
 * @example
 * ```ts
 * const governance = createGovernance(registry, {
 *   modelName: 'log-classifier',
 *   policy: { requiredApprovals: 2, approverRoles: ['ml-lead', 'risk'] },
 *   users: { alice: { roles: ['ds'] }, bob: { roles: ['ml-lead'] }, carol: { roles: ['risk'] } },
 *   audit: createAuditLog(registry, 'log-classifier'),
 * });
 * await governance.requestApproval('3', { requestedBy: 'alice', evidence: { gate: 'passed' } });
 * await governance.approve('3', { by: 'bob' });
 * await governance.approve('3', { by: 'carol' });
 * await governance.setAlias('champion', '3', { by: 'alice' });
 * ```
 */
export function createGovernance(
  registry: GovernanceRegistry,
  options: GovernanceOptions,
): Governance {
  const policy = resolvePolicy(options.policy);
  const resolveUser = toUserResolver(options.users);
  const now = options.now ?? (() => new Date());
  const { modelName } = options;

  const audit = async (entry: Parameters<AuditSink['append']>[0]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.audit.append(entry);
        return;
      } catch (error) {
        if (attempt >= auditAttempts || !AuditLogError.isInstance(error) || !error.isRetryable)
          throw error;
      }
    }
  };

  const refuse = async (
    action: string,
    by: string,
    version: string,
    reason: string,
    message: string,
    details: Record<string, unknown> = {},
  ): Promise<never> => {
    await audit({
      actor: by,
      action: `${action}.refused`,
      version,
      details: { ...details, reason, message },
    });
    throw new GovernanceError({ reason, message });
  };

  const status = async (version: string) =>
    readApprovalState(version, (await registry.getModelVersion(modelName, version)).tags);

  const writeTags = async (
    version: string,
    set: Record<string, string>,
    remove: readonly string[] = [],
  ) => {
    for (const key of remove) {
      if (!(key in set)) await registry.deleteModelVersionTag(modelName, version, key);
    }
    // The status goes last, so a reader never sees a new status with the old details.
    const { [approvalTags.status]: newStatus, ...rest } = set;
    for (const [key, value] of Object.entries(rest)) {
      await registry.setModelVersionTag(modelName, version, key, value);
    }
    if (newStatus !== undefined) {
      await registry.setModelVersionTag(modelName, version, approvalTags.status, newStatus);
    }
  };

  const requireApprover = async (action: string, by: string, version: string) => {
    const user = await resolveUser(by);
    const roles = user?.roles ?? [];
    if (!roles.some((role) => policy.approverRoles.includes(role))) {
      await refuse(
        action,
        by,
        version,
        'ROLE_NOT_ALLOWED',
        `${JSON.stringify(by)} may not ${action.replace('approval.', '')} version ${version} of ${JSON.stringify(modelName)}: it needs one of the roles ${policy.approverRoles.join(', ')} (has ${roles.length === 0 ? 'none' : roles.join(', ')}).`,
        { roles: [...roles] },
      );
    }
  };

  const requireStatus = async (
    action: string,
    by: string,
    state: ApprovalState,
    allowed: readonly ApprovalStatus[],
  ) => {
    if (!allowed.includes(state.status)) {
      await refuse(
        action,
        by,
        state.version,
        'INVALID_TRANSITION',
        `Version ${state.version} of ${JSON.stringify(modelName)} is ${state.status}; ${action} needs ${allowed.join(' or ')}.`,
        { status: state.status },
      );
    }
  };

  return {
    status,

    async requestApproval(version, request) {
      const evidence = request.evidence ?? {};
      const evidenceJson = canonicalJson(evidence);
      checkLength('evidence', evidenceJson, governanceTextLimits.evidence);
      const state = await status(version);
      await requireStatus('approval.request', request.requestedBy, state, [
        'None',
        'Rejected',
        'Revoked',
      ]);
      await writeTags(
        version,
        {
          [approvalTags.requestedBy]: request.requestedBy,
          [approvalTags.requestedAt]: now().toISOString(),
          [approvalTags.evidence]: evidenceJson,
          [approvalTags.approvals]: '[]',
          [approvalTags.requiredApprovals]: String(policy.requiredApprovals),
          [approvalTags.status]: 'PendingManualApproval',
        },
        [
          approvalTags.approvedBy,
          approvalTags.decidedBy,
          approvalTags.decidedAt,
          approvalTags.reason,
        ],
      );
      await audit({
        actor: request.requestedBy,
        action: 'approval.request',
        version,
        details: {
          evidence,
          policy: {
            requiredApprovals: policy.requiredApprovals,
            approverRoles: policy.approverRoles,
          },
        },
      });
      return status(version);
    },

    async approve(version, approval) {
      checkLength('comment', approval.comment ?? '', governanceTextLimits.comment);
      await requireApprover('approval.approve', approval.by, version);
      const state = await status(version);
      await requireStatus('approval.approve', approval.by, state, ['PendingManualApproval']);
      if (state.requestedBy === approval.by) {
        await refuse(
          'approval.approve',
          approval.by,
          version,
          'SELF_APPROVAL',
          `${JSON.stringify(approval.by)} requested the approval of version ${version} and cannot approve it too.`,
        );
      }
      if (state.approvals.some((record) => record.by === approval.by)) {
        await refuse(
          'approval.approve',
          approval.by,
          version,
          'DUPLICATE_APPROVAL',
          `${JSON.stringify(approval.by)} already approved version ${version}; another approver is needed.`,
        );
      }
      const approvals = [...state.approvals, { by: approval.by, at: now().toISOString() }];
      const required = state.requiredApprovals ?? policy.requiredApprovals;
      const approvalsJson = JSON.stringify(approvals);
      checkLength('approvals', approvalsJson, registryTagValueMaxLength);
      const newStatus = approvals.length >= required ? 'Approved' : 'PendingManualApproval';
      await writeTags(version, {
        [approvalTags.approvals]: approvalsJson,
        [approvalTags.approvedBy]: approvals.map((record) => record.by).join(','),
        [approvalTags.status]: newStatus,
      });
      await audit({
        actor: approval.by,
        action: 'approval.approve',
        version,
        details: {
          ...(approval.comment === undefined ? {} : { comment: approval.comment }),
          approvals: approvals.length,
          requiredApprovals: required,
          status: newStatus,
        },
      });
      return status(version);
    },

    async reject(version, rejection) {
      return decide('approval.reject', 'Rejected', ['PendingManualApproval'], version, rejection);
    },

    async revoke(version, revocation) {
      return decide(
        'approval.revoke',
        'Revoked',
        ['PendingManualApproval', 'Approved'],
        version,
        revocation,
      );
    },

    async setAlias(alias, version, aliasOptions) {
      const details = await allowAlias(alias, version, aliasOptions.by);
      await registry.setAlias(modelName, alias, version);
      await audit({ actor: aliasOptions.by, action: 'alias.set', version, details });
    },

    async assertAliasAllowed(alias, version, aliasOptions) {
      await allowAlias(alias, version, aliasOptions.by);
    },
  };

  /** Refuses (audited) a protected alias for a version that is not Approved; returns the move's details. */
  async function allowAlias(
    alias: string,
    version: string,
    by: string,
  ): Promise<{ alias: string; protected: boolean; previousVersion: string | null }> {
    const isProtected = policy.protectedAliases.includes(alias);
    const previous = (await registry.getRegisteredModel(modelName)).aliases[alias];
    const details = { alias, protected: isProtected, previousVersion: previous ?? null };
    if (isProtected) {
      const state = await status(version);
      if (state.status !== 'Approved') {
        await audit({
          actor: by,
          action: 'alias.set.refused',
          version,
          details: { ...details, reason: 'NOT_APPROVED', status: state.status },
        });
        throw new GovernanceError({
          reason: 'NOT_APPROVED',
          message: `Alias ${JSON.stringify(alias)} of ${JSON.stringify(modelName)} is protected and version ${version} is ${state.status}, not Approved; the move was refused and audited. Request approval first.`,
        });
      }
    }
    return details;
  }

  async function decide(
    action: string,
    newStatus: ApprovalStatus,
    allowed: readonly ApprovalStatus[],
    version: string,
    decision: { by: string; reason: string },
  ): Promise<ApprovalState> {
    checkLength('reason', decision.reason, governanceTextLimits.comment);
    await requireApprover(action, decision.by, version);
    const state = await status(version);
    await requireStatus(action, decision.by, state, allowed);
    await writeTags(version, {
      [approvalTags.decidedBy]: decision.by,
      [approvalTags.decidedAt]: now().toISOString(),
      [approvalTags.reason]: decision.reason,
      [approvalTags.status]: newStatus,
    });
    await audit({
      actor: decision.by,
      action,
      version,
      details: { reason: decision.reason, previousStatus: state.status },
    });
    return status(version);
  }
}

function checkLength(argument: string, text: string, limit: number): void {
  const length = codePointLength(text);
  if (length > limit) {
    throw new InvalidArgumentError({
      message: `${argument} is ${length} characters; at most ${limit} fit the registry's tags and the audit log. Store large evidence as an artifact and pass its URI and sha256.`,
      argument,
    });
  }
}
