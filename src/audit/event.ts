// A CloudTrail record (eventVersion 1.09) for one API call, built by the pipeline from what it knows
// about the request: who called, what, where, the (sanitized) parameters, and how it ended.
import { randomUUID } from 'node:crypto';
import type { Principal } from '../identity/principal.js';
import type { OperationModel, ServiceModel } from '../protocol/index.js';
import type { JsonValue } from '../storage/types.js';
import { auditValue } from './sanitize.js';

export interface CloudTrailResource {
  accountId: string;
  type: string;
  ARN: string;
}

export interface CloudTrailEvent {
  eventVersion: '1.09';
  userIdentity: Record<string, JsonValue>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: JsonValue;
  responseElements: JsonValue;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: CloudTrailResource[];
  eventType: 'AwsApiCall';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
  tlsDetails?: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader: string };
}

export interface CallFacts {
  requestId: string;
  eventTime: number;
  service: ServiceModel;
  operation: OperationModel;
  principal: Principal;
  region: string;
  sourceIp: string;
  userAgent: string | undefined;
  host: string | undefined;
  /** The TLS connection's protocol and cipher, for HTTPS requests. */
  tls: { version: string; cipherSuite: string } | undefined;
  input: unknown;
  output: unknown;
  /** The wire error code and message when the call failed. */
  error?: { code: string; message: string };
  /** ARNs the call acted on (from its authorization checks). */
  resourceArns: readonly string[];
}

// Services whose events CloudTrail records in us-east-1 whatever endpoint was called.
const GLOBAL_SERVICES = new Set(['iam', 'organizations']);

// Calls that change nothing. CloudTrail marks reads, and KMS's cryptographic operations, read-only.
const READ_ONLY_PREFIXES = /^(Get|List|Describe|Lookup|Search|Simulate|Decode|Check|Batch[A-Z]\w*Get|Head|Select|Validate|Verify)/;
const READ_ONLY_OPERATIONS = new Set([
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateRandom',
  'kms:GenerateMac',
  'kms:Sign',
  'kms:DeriveSharedSecret',
]);

export function isReadOnly(serviceId: string, operation: string): boolean {
  return READ_ONLY_OPERATIONS.has(`${serviceId}:${operation}`) || READ_ONLY_PREFIXES.test(operation);
}

/** CloudTrail's resource types, from the service and resource kind of an ARN. */
function resourceType(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2];
  const kind = parts.slice(5).join(':').split(/[/:]/)[0];
  const known: Record<string, string> = {
    'kms:key': 'AWS::KMS::Key',
    'kms:alias': 'AWS::KMS::Alias',
    'iam:user': 'AWS::IAM::User',
    'iam:role': 'AWS::IAM::Role',
    'iam:group': 'AWS::IAM::Group',
    'iam:policy': 'AWS::IAM::Policy',
    'secretsmanager:secret': 'AWS::SecretsManager::Secret',
    'ssm:parameter': 'AWS::SSM::Parameter',
    'sts:assumed-role': 'AWS::STS::AssumedRole',
    'cloudtrail:trail': 'AWS::CloudTrail::Trail',
    's3:': 'AWS::S3::Bucket',
  };
  return known[`${service}:${kind}`] ?? `AWS::${service.toUpperCase()}::${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
}

function userIdentity(principal: Principal): Record<string, JsonValue> {
  const identity: Record<string, JsonValue> = {
    type: principal.type,
    principalId: principal.principalId,
    arn: principal.arn,
    accountId: principal.accountId,
    accessKeyId: principal.accessKeyId,
  };
  if (principal.userName !== undefined) identity.userName = principal.userName;
  return identity;
}

export function cloudTrailEvent(facts: CallFacts): CloudTrailEvent {
  const { service, operation, principal } = facts;
  const readOnly = isReadOnly(service.id, operation.name);
  const resources = facts.resourceArns
    .filter((arn) => arn !== '*')
    .map((arn) => ({ accountId: arn.split(':')[4] || principal.accountId, type: resourceType(arn) ?? 'AWS::Unknown', ARN: arn }));
  const event: CloudTrailEvent = {
    eventVersion: '1.09',
    userIdentity: userIdentity(principal),
    eventTime: new Date(facts.eventTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${service.endpointPrefix}.amazonaws.com`,
    eventName: operation.name,
    awsRegion: GLOBAL_SERVICES.has(service.id) ? 'us-east-1' : facts.region,
    sourceIPAddress: facts.sourceIp,
    userAgent: facts.userAgent ?? '',
    requestParameters: (auditValue(operation.input, facts.input) as JsonValue | undefined) ?? null,
    // CloudTrail leaves responses of reads and failed calls out.
    responseElements: readOnly || facts.error ? null : ((auditValue(operation.output, facts.output) as JsonValue | undefined) ?? null),
    requestID: facts.requestId,
    eventID: randomUUID(),
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: principal.accountId,
    eventCategory: 'Management',
  };
  if (facts.error) {
    event.errorCode = facts.error.code;
    event.errorMessage = facts.error.message;
  }
  if (resources.length > 0) event.resources = resources;
  if (facts.tls) {
    event.tlsDetails = { tlsVersion: facts.tls.version, cipherSuite: facts.tls.cipherSuite, clientProvidedHostHeader: facts.host ?? '' };
  }
  return event;
}
