// Records as the API returns them (Organization, Account, Root, OrganizationalUnit, Policy, ...).
import type {
  Account,
  CreateAccountStatus,
  Organization,
  OrganizationalUnit,
  Policy,
  PolicySummary,
  Root,
} from '../../generated/organizations/types.js';
import { accountArn, entityPath, organizationArn, ouArn, policyArn, rootArn, type OrganizationPlace } from './arns.js';
import { isAwsManaged, type AnyPolicy } from './policy-lookup.js';
import type { CreateAccountRecord, MemberRecord, OrganizationRecord, OrganizationalUnitRecord } from './records.js';

export function organizationShape(org: OrganizationRecord, place: OrganizationPlace, management: MemberRecord | undefined): Organization {
  const shape: Organization = {
    Id: org.id,
    Arn: organizationArn(place),
    FeatureSet: org.featureSet,
    MasterAccountArn: accountArn(place, org.managementAccountId),
    MasterAccountId: org.managementAccountId,
    // Deprecated by AWS; it reports the service control policy type as the root has it.
    AvailablePolicyTypes: org.enabledPolicyTypes.includes('SERVICE_CONTROL_POLICY') ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
  };
  if (management?.email !== undefined) shape.MasterAccountEmail = management.email;
  return shape;
}

export function accountShape(member: MemberRecord, place: OrganizationPlace): Account {
  const shape: Account = {
    Id: member.accountId,
    Arn: accountArn(place, member.accountId),
    Name: member.name,
    Status: 'ACTIVE',
    State: 'ACTIVE',
    Paths: [entityPath(place.organizationId, [...member.path, member.accountId])],
    JoinedMethod: member.joinedMethod,
    JoinedTimestamp: new Date(member.joinedAt),
  };
  if (member.email !== undefined) shape.Email = member.email;
  return shape;
}

export function rootShape(org: OrganizationRecord, place: OrganizationPlace): Root {
  return {
    Id: org.rootId,
    Arn: rootArn(place, org.rootId),
    Name: 'Root',
    PolicyTypes: org.enabledPolicyTypes.map((type) => ({ Type: type, Status: 'ENABLED' })),
  };
}

export function ouShape(ou: OrganizationalUnitRecord, place: OrganizationPlace): OrganizationalUnit {
  return { Id: ou.id, Arn: ouArn(place, ou.id), Name: ou.name, Path: entityPath(place.organizationId, [...ou.path, ou.id]) };
}

export function policySummary(policy: AnyPolicy, place: OrganizationPlace): PolicySummary {
  const awsManaged = isAwsManaged(policy);
  return {
    Id: policy.id,
    Arn: policyArn(place, policy.type, policy.id, awsManaged),
    Name: policy.name,
    Description: policy.description,
    Type: policy.type,
    AwsManaged: awsManaged,
  };
}

export function policyShape(policy: AnyPolicy, place: OrganizationPlace): Policy {
  return { PolicySummary: policySummary(policy, place), Content: policy.content };
}

export function createAccountStatusShape(request: CreateAccountRecord): CreateAccountStatus {
  const shape: CreateAccountStatus = {
    Id: request.id,
    AccountName: request.accountName,
    State: request.state,
    RequestedTimestamp: new Date(request.requestedAt),
  };
  if (request.completedAt !== undefined) shape.CompletedTimestamp = new Date(request.completedAt);
  if (request.accountId !== undefined) shape.AccountId = request.accountId;
  if (request.failureReason !== undefined) shape.FailureReason = request.failureReason;
  return shape;
}
