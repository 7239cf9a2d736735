// AWS Identity and Access Management (query protocol; global: one IAM per account, no region).
import type { Keyring } from '../../crypto/keyring.js';
import { AccessKeys } from '../../identity/access-keys.js';
import type { Evaluate } from '../../server/authorize.js';
import { defineService } from '../types.js';
import { GetAccountAuthorizationDetails, ListEntitiesForPolicy } from './account-details.js';
import { accessKeyHandlers } from './access-keys.js';
import * as attachments from './attached-policies.js';
import { iamAuthorization } from './authorization.js';
import { GenerateCredentialReport, GetCredentialReport } from './credential-report.js';
import * as groups from './groups.js';
import * as inline from './inline-policies.js';
import { mfaHandlers } from './mfa-devices.js';
import * as policies from './policies.js';
import * as roles from './roles.js';
import { simulatorHandlers } from './simulate.js';
import * as tagging from './tagging.js';
import * as users from './users.js';

export interface IamServiceDeps {
  keyring: Keyring;
  /** The IAM policy evaluator (the policy simulator decides with it). */
  evaluate: Evaluate;
}

export function createIamService(deps: IamServiceDeps) {
  return defineService({
    id: 'iam',
    internalError: 'ServiceFailureException',
    handlers: {
      ...users,
      ...groups,
      ...roles,
      ...policies,
      ...inline,
      ...attachments,
      ...tagging,
      ...accessKeyHandlers(new AccessKeys(deps.keyring)),
      ...mfaHandlers(deps.keyring),
      ...simulatorHandlers(deps.evaluate),
      GetAccountAuthorizationDetails,
      ListEntitiesForPolicy,
      GenerateCredentialReport,
      GetCredentialReport,
    },
    authorization: iamAuthorization,
  });
}

export { createIamIdentityPolicySource } from './identity-policy-source.js';
