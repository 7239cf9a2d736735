// AWS Organizations (json protocol; global: one organization per management account, across regions).
// Also the authorizer's source of service control policies, resource control policies and the
// aws:PrincipalOrgID / aws:PrincipalOrgPaths keys (guardrails.ts).
import type { Logger } from '../../logging.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import { defineService } from '../types.js';
import { AttachPolicy, DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy } from './attachments.js';
import { DescribeAccount, ListAccounts, ListAccountsForParent, MoveAccount } from './accounts.js';
import { organizationsAuthorization } from './authorization.js';
import { invalidInputFromValidation } from './errors.js';
import { CREATE_ACCOUNT_JOB, createAccountHandler, createAccountJob, DescribeCreateAccountStatus, ListCreateAccountStatus } from './create-account.js';
import { CreateOrganization, DeleteOrganization, DescribeOrganization } from './organization.js';
import * as organizationalUnits from './organizational-units.js';
import * as policies from './policies.js';
import { DisablePolicyType, EnablePolicyType } from './policy-type-operations.js';
import { ListTagsForResource, TagResource, UntagResource } from './tagging.js';
import { ListChildren, ListParents, ListRoots } from './tree.js';

export interface OrganizationsServiceDeps {
  /** CreateAccount finishes in a scheduler job, which the accepting worker starts right away. */
  scheduler: Pick<Scheduler, 'schedule' | 'runDue'>;
  logger: Logger;
}

export function createOrganizationsService(deps: OrganizationsServiceDeps) {
  return defineService({
    id: 'organizations',
    internalError: 'ServiceException',
    invalidInput: invalidInputFromValidation,
    handlers: {
      CreateOrganization,
      DescribeOrganization,
      DeleteOrganization,
      CreateAccount: createAccountHandler(deps),
      DescribeCreateAccountStatus,
      ListCreateAccountStatus,
      DescribeAccount,
      ListAccounts,
      ListAccountsForParent,
      MoveAccount,
      ListRoots,
      ListParents,
      ListChildren,
      ...organizationalUnits,
      ...policies,
      AttachPolicy,
      DetachPolicy,
      ListPoliciesForTarget,
      ListTargetsForPolicy,
      EnablePolicyType,
      DisablePolicyType,
      TagResource,
      UntagResource,
      ListTagsForResource,
    },
    authorization: organizationsAuthorization,
    jobs: { [CREATE_ACCOUNT_JOB]: createAccountJob },
  });
}

export { createOrganizationPolicySource } from './guardrails.js';
