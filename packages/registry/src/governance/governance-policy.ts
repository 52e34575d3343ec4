import { InvalidArgumentError } from '@dagnostics/core';

/** Who may approve, and how many approvals a version needs. */
export interface GovernancePolicy {
  /** Distinct approvals that make a request Approved; an integer ≥ 1. */
  readonly requiredApprovals: number;
  /** Users with at least one of these roles may approve, reject and revoke; not empty. */
  readonly approverRoles: readonly string[];
  /** Aliases that only an Approved version may take. Default `['champion', 'production']`. */
  readonly protectedAliases?: readonly string[];
}

/** A user's roles, or undefined for an unknown user (who then has none). */
export type UserResolver = (
  user: string,
) => { roles: readonly string[] } | undefined | Promise<{ roles: readonly string[] } | undefined>;

/** The default protected aliases. */
export const defaultProtectedAliases: readonly string[] = ['champion', 'production'];

/** The policy with its defaults, checked. */
export function resolvePolicy(policy: GovernancePolicy): Required<GovernancePolicy> {
  if (!Number.isSafeInteger(policy.requiredApprovals) || policy.requiredApprovals < 1) {
    throw new InvalidArgumentError({
      message: `policy.requiredApprovals must be an integer of at least 1; got ${policy.requiredApprovals}.`,
      argument: 'policy.requiredApprovals',
    });
  }
  if (policy.approverRoles.length === 0) {
    throw new InvalidArgumentError({
      message: 'policy.approverRoles is empty: nobody could approve. Name at least one role.',
      argument: 'policy.approverRoles',
    });
  }
  return {
    requiredApprovals: policy.requiredApprovals,
    approverRoles: [...policy.approverRoles],
    protectedAliases: [...(policy.protectedAliases ?? defaultProtectedAliases)],
  };
}

/** A resolver over either form `createGovernance` accepts. */
export function toUserResolver(
  users: Readonly<Record<string, { roles: readonly string[] }>> | UserResolver,
): UserResolver {
  if (typeof users === 'function') return users;
  return (user) => (Object.hasOwn(users, user) ? users[user] : undefined);
}
