/**
 * A model version's approval, as kept in its tags: `approval_status` and `approved_by` (so
 * MLflow's UI shows them) plus `dagnostics.approval.*` details.
 */

/** SageMaker's approval states plus `Revoked`; `None` before any request. */
export type ApprovalStatus = 'None' | 'PendingManualApproval' | 'Approved' | 'Rejected' | 'Revoked';

/** One approval of the current request. */
export interface ApprovalRecord {
  readonly by: string;
  /** ISO 8601, UTC. */
  readonly at: string;
}

/** Where a model version stands. */
export interface ApprovalState {
  readonly version: string;
  readonly status: ApprovalStatus;
  /** Who asked for the current request, when there is one. */
  readonly requestedBy: string | undefined;
  readonly requestedAt: string | undefined;
  /** What the request came with (gate results, model card hash, lineage run ids). */
  readonly evidence: Readonly<Record<string, unknown>> | undefined;
  /** Approvals of the current request, oldest first. */
  readonly approvals: readonly ApprovalRecord[];
  /** Approvals needed, by the policy in force when the request was made. */
  readonly requiredApprovals: number | undefined;
  /** Who rejected or revoked it, with when and why. */
  readonly decidedBy: string | undefined;
  readonly decidedAt: string | undefined;
  readonly reason: string | undefined;
}

/** Model-version tag keys. */
export const approvalTags = {
  status: 'approval_status',
  approvedBy: 'approved_by',
  requestedBy: 'dagnostics.approval.requested_by',
  requestedAt: 'dagnostics.approval.requested_at',
  evidence: 'dagnostics.approval.evidence',
  approvals: 'dagnostics.approval.approvals',
  requiredApprovals: 'dagnostics.approval.required_approvals',
  decidedBy: 'dagnostics.approval.decided_by',
  decidedAt: 'dagnostics.approval.decided_at',
  reason: 'dagnostics.approval.reason',
} as const;

const statuses = new Set<string>(['PendingManualApproval', 'Approved', 'Rejected', 'Revoked']);

function parseJson(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Reads the approval state from a version's tags; unknown or damaged values read as absent. */
export function readApprovalState(
  version: string,
  tags: Readonly<Record<string, string>>,
): ApprovalState {
  const rawStatus = tags[approvalTags.status];
  const evidence = parseJson(tags[approvalTags.evidence]);
  const approvals = parseJson(tags[approvalTags.approvals]);
  const required = Number(tags[approvalTags.requiredApprovals]);
  return {
    version,
    status:
      rawStatus !== undefined && statuses.has(rawStatus) ? (rawStatus as ApprovalStatus) : 'None',
    requestedBy: tags[approvalTags.requestedBy],
    requestedAt: tags[approvalTags.requestedAt],
    evidence:
      typeof evidence === 'object' && evidence !== null && !Array.isArray(evidence)
        ? (evidence as Record<string, unknown>)
        : undefined,
    approvals: Array.isArray(approvals)
      ? approvals.filter(
          (item): item is ApprovalRecord =>
            typeof item === 'object' &&
            item !== null &&
            typeof item.by === 'string' &&
            typeof item.at === 'string',
        )
      : [],
    requiredApprovals: Number.isSafeInteger(required) && required > 0 ? required : undefined,
    decidedBy: tags[approvalTags.decidedBy],
    decidedAt: tags[approvalTags.decidedAt],
    reason: tags[approvalTags.reason],
  };
}
