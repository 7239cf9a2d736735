// The organization policy types Rampart enforces (service control and resource control policies), and
// the AWS managed policy of each that Organizations attaches everywhere when the type is enabled.
import type { PolicyType } from '../../generated/organizations/types.js';
import { policyTypeNotImplemented } from './errors.js';

export type GuardrailType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
export const GUARDRAIL_TYPES: readonly GuardrailType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

export interface AwsManagedPolicy {
  id: string;
  name: string;
  description: string;
  type: GuardrailType;
  content: string;
  /** RCPFullAWSAccess stays attached to every target while RCPs are enabled. */
  detachable: boolean;
}

// AWS's documents, byte for byte as DescribePolicy returns them (pretty-printed JSON).
const FULL_AWS_ACCESS: AwsManagedPolicy = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  type: 'SERVICE_CONTROL_POLICY',
  content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, null, 2),
  detachable: true,
};

const RCP_FULL_AWS_ACCESS: AwsManagedPolicy = {
  id: 'p-RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  description: 'Allows access to every operation',
  type: 'RESOURCE_CONTROL_POLICY',
  content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, null, 2),
  detachable: false,
};

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS];

export function awsManagedPolicy(id: string): AwsManagedPolicy | undefined {
  return AWS_MANAGED_POLICIES.find((p) => p.id === id);
}

/** The AWS managed policy Organizations attaches to every root, OU and account when `type` is enabled. */
export function defaultPolicyOf(type: GuardrailType): AwsManagedPolicy {
  return type === 'SERVICE_CONTROL_POLICY' ? FULL_AWS_ACCESS : RCP_FULL_AWS_ACCESS;
}

/** A type of the model Rampart supports, or NotImplemented for the others (tag policies, backup policies, ...). */
export function guardrailType(type: PolicyType): GuardrailType {
  if (type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY') return type;
  throw policyTypeNotImplemented(type);
}

/** The policy type as its ARN spells it: service_control_policy. */
export const arnPolicyType = (type: GuardrailType) => type.toLowerCase();

/** Which parsePolicy kind validates a type's documents. */
export const policyKind = (type: GuardrailType) => (type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp');
