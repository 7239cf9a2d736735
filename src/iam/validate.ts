// The checks that depend on where a policy is used, after the grammar, in the order IAM applies them
// (it reports only the first failure): principals allowed or required, version, the "legacy parser"
// (exact-case Effect, date values, resource ARNs), unique statement ids, actions present, resources
// present, resource ARN formats, action vendors, principal values, statement id characters, and the
// trust-policy rules.
import { type PolicyDocument, PolicyFailure, type PolicyStatement, type PrincipalElement } from './document.js';
import type { Dialect, Failure, PolicyKind } from './messages.js';

const fail = (failure: Failure): never => {
  throw new PolicyFailure(failure);
};

const IDENTITY_SIDE = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp']);
const PRINCIPAL_REQUIRED = new Set<PolicyKind>(['resource', 'trust', 'rcp']);
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', '*']);
const IAM_RESOURCE_STARTS = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

// ---- the legacy parser -----------------------------------------------------------------------------

function inRange(text: string, low: number, high: number): boolean {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) return false;
  const n = Number(text);
  return n >= low && n <= high;
}

/** IAM's old parser reads date condition values as ISO 8601 (when they hold "t" or "-") or epoch seconds. */
export function legacyDateIsValid(value: string): boolean {
  const lower = value.toLowerCase();
  if (!lower.includes('t') && !lower.includes('-')) return /^\s*\+?\d+\s*$/.test(value) && BigInt(value.trim()) <= 9223372036854775807n;
  const t = lower.indexOf('t');
  const datePart = t === -1 ? lower : lower.slice(0, t);
  const timePart = t === -1 ? '' : lower.slice(t + 1);
  const negative = datePart.startsWith('-');
  const dateFields = (negative ? datePart.slice(1) : datePart).split('-');
  if (dateFields.length > 3) return false;
  if (!inRange((negative ? '-' : '') + dateFields[0], -292275054, 292278993)) return false;
  if (dateFields.length > 1 && !inRange(dateFields[1], 1, 12)) return false;
  if (dateFields.length > 2 && !inRange(dateFields[2], 1, 31)) return false;
  const timeFields = timePart.split(':');
  if (timeFields[0] !== '' && !inRange(timeFields[0], 0, 23)) return false;
  if (timeFields.length > 1 && !inRange(timeFields[1], 0, 59)) return false;
  if (timeFields.length > 2) {
    let seconds = timeFields.slice(2).join(':');
    if (seconds.includes('z')) {
      const [before, after] = [seconds.slice(0, seconds.indexOf('z')), seconds.slice(seconds.indexOf('z') + 1)];
      if (after !== '') return false;
      seconds = before;
    } else if (seconds.includes('+')) {
      const plus = seconds.indexOf('+');
      const zone = seconds.slice(plus + 1);
      seconds = seconds.slice(0, plus);
      const [hours, minutes] = zone.split(':');
      if (hours.length !== 2 || !inRange(hours, 0, 23)) return false;
      if (minutes !== undefined && (minutes.length !== 2 || !inRange(minutes, 0, 59))) return false;
    }
    const [whole, fraction] = seconds.split('.');
    if (!inRange(whole, 0, 59)) return false;
    if (fraction !== undefined && !inRange(fraction, 0, 999999999)) return false;
  }
  return true;
}

function legacyResourceIsValid(resource: string): boolean {
  if (resource === '*') return true;
  const colons = resource.split(':').length - 1;
  if (colons < 5 && resource.includes('::')) return false;
  const service = resource.split(':')[2];
  return service !== '';
}

/** IAM's complaint about a resource's ARN format, or undefined when it has none. */
export function iamResourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const firstColon = resource.indexOf(':');
  if (firstColon === -1) return `Resource ${resource} must be in ARN format or "*".`;
  const afterArn = resource.slice(firstColon + 1);
  const secondColon = afterArn.indexOf(':');
  const partition = secondColon === -1 ? afterArn : afterArn.slice(0, secondColon);
  const afterPartition = secondColon === -1 ? '' : afterArn.slice(secondColon + 1);
  if (!PARTITIONS.has(partition)) {
    const rest = afterPartition.split(':');
    const first = rest[0] !== '' || rest.length > 1 ? rest[0] : '*';
    const tail = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${first}:${rest[1] ?? '*'}:${rest[2] ?? '*'}:${tail}".`;
  }
  if (secondColon === -1) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const serviceEnd = afterPartition.indexOf(':');
  const service = serviceEnd === -1 ? afterPartition : afterPartition.slice(0, serviceEnd);
  const afterService = serviceEnd === -1 ? '' : afterPartition.slice(serviceEnd + 1);
  if ((service === 'iam' || service === 's3') && !afterService.startsWith(':')) {
    const resourceId = afterService.split(':').slice(2).join(':');
    if (!(service === 's3' && resourceId.startsWith('accesspoint/'))) {
      return service === 'iam' ? `IAM resource ${resource} cannot contain region information.` : `Resource ${resource} can not contain region information.`;
    }
  }
  if (service === 'iam') {
    const resourceId = afterService.split(':').slice(2).join(':');
    if (resourceId !== '*' && !IAM_RESOURCE_STARTS.some((start) => resourceId.startsWith(start))) {
      return `IAM resource path must either be "*" or start with ${IAM_RESOURCE_STARTS.join(', ')}.`;
    }
  }
  return undefined;
}

function iamActionError(action: string): string | undefined {
  const parts = action.split(':');
  if (parts.length === 1 && parts[0] !== '*') return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  if (parts.length > 2) return 'Actions/Condition can contain only one colon.';
  if (parts[0] !== '*' && /[^a-zA-Z0-9\-.]/.test(parts[0])) return `Vendor ${parts[0]} is not valid`;
  return undefined;
}

// ---- principals ----------------------------------------------------------------------------------

const ACCOUNT_ID = /^\d{12}$/;
const UNIQUE_ID = /^A[A-Z0-9]{15,127}$/;
const PRINCIPAL_ARN = /^arn:[a-z-]+:(iam::\d{12}:(root|user\/[^*?]+|role\/[^*?]+)|sts::\d{12}:(assumed-role\/[^/*?]+\/[^*?]+|federated-user\/[^*?]+))$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com|aws\.internal)$/;
const CANONICAL_USER = /^[0-9a-f]{64}$/;

function principalValueIsValid(type: string, value: string): boolean {
  switch (type) {
    case 'AWS':
      return value === '*' || ACCOUNT_ID.test(value) || UNIQUE_ID.test(value) || PRINCIPAL_ARN.test(value);
    case 'Service':
      return SERVICE_PRINCIPAL.test(value);
    case 'Federated':
      return value.length > 0 && !value.includes('*');
    case 'CanonicalUser':
      return CANONICAL_USER.test(value);
    default:
      return false;
  }
}

function checkPrincipal(statement: PolicyStatement, kind: PolicyKind): void {
  if (statement.malformedPrincipal !== undefined) fail({ reason: 'invalidPrincipal', detail: statement.malformedPrincipal });
  const element: PrincipalElement | undefined = statement.principal ?? statement.notPrincipal;
  if (element === undefined) return fail({ reason: 'missingPrincipal' });
  if (kind === 'rcp') {
    if (statement.notPrincipal !== undefined || (element !== '*' && !(Object.keys(element).length === 1 && element.AWS?.length === 1 && element.AWS[0] === '*'))) {
      fail({ reason: 'invalidPrincipal', detail: JSON.stringify(element) });
    }
    return;
  }
  if (element === '*') return;
  for (const [type, values] of Object.entries(element)) {
    for (const value of values) {
      if (!principalValueIsValid(type, value)) fail({ reason: 'invalidPrincipal', detail: principalText({ [type]: [value] }) });
    }
  }
}

/** A principal as IAM quotes it in its refusal: "AWS":"arn:aws:iam::...". */
function principalText(element: PrincipalElement): string {
  if (element === '*') return '"*"';
  const [type, values] = Object.entries(element)[0];
  return `${JSON.stringify(type)}:${JSON.stringify(values[0])}`;
}

// ---- the whole sequence --------------------------------------------------------------------------

const hasElement = (list: readonly string[] | undefined) => list !== undefined && list.length > 0;

export interface ValidationOptions {
  kind: PolicyKind;
  dialect: Dialect;
}

/** Throws a PolicyFailure for the first check the document fails. */
export function validateDocument(doc: PolicyDocument, { kind, dialect }: ValidationOptions): void {
  const iam = dialect === 'iam';
  const statements = doc.statements;

  if (IDENTITY_SIDE.has(kind)) {
    for (const s of statements) {
      if (s.principal !== undefined || s.notPrincipal !== undefined || s.malformedPrincipal !== undefined) fail({ reason: 'principalNotAllowed' });
    }
  }
  if (iam && (kind === 'identity' || kind === 'boundary') && doc.version !== '2012-10-17') fail({ reason: 'versionTooOld' });

  // The legacy parser: exact-case Effect and date values, then resource formats.
  for (const s of statements) {
    if (s.effect !== 'Allow' && s.effect !== 'Deny') fail(iam ? { reason: 'legacyParsing' } : { reason: 'invalidEffect', detail: s.effect });
    for (const [operator, keys] of Object.entries(s.condition ?? {})) {
      const base = operator.replace(/^For(Any|All)Values?:/, '');
      if (!base.startsWith('Date')) continue;
      for (const values of Object.values(keys)) {
        if (!values.every(legacyDateIsValid)) fail(iam ? { reason: 'legacyParsing' } : { reason: 'syntax' });
      }
    }
  }
  let resourceError: string | undefined;
  for (const element of ['resource', 'notResource'] as const) {
    for (const s of statements) {
      const list = s[element];
      if (list === undefined) continue;
      if (iam) {
        // IAM reports the error of the last resource in reverse sorted order, and skips its legacy
        // check of the remaining elements once an error is found.
        for (const r of [...list].sort().reverse()) resourceError = iamResourceFormatError(r) ?? resourceError;
        if (resourceError === undefined && !list.every(legacyResourceIsValid)) fail({ reason: 'legacyParsing' });
      } else if (!list.every((r) => r === '*' || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:./.test(r))) {
        resourceError = 'invalid';
      }
    }
  }

  const sids = new Set<string>();
  for (const s of statements) {
    if (!s.sid) continue;
    if (sids.has(s.sid)) fail({ reason: 'duplicateSid' });
    sids.add(s.sid);
  }
  for (const s of statements) if (!hasElement(s.action) && !hasElement(s.notAction)) fail({ reason: 'missingActions' });
  if (kind !== 'trust') {
    for (const s of statements) if (!hasElement(s.resource) && !hasElement(s.notResource)) fail({ reason: 'missingResources' });
  }
  if (resourceError !== undefined) fail(iam ? { reason: 'invalidResource', iamText: resourceError } : { reason: 'invalidResource' });
  for (const s of statements) {
    for (const action of [...(s.action ?? []), ...(s.notAction ?? [])]) {
      const error = iamActionError(action);
      if (error !== undefined) fail(iam ? { reason: 'invalidAction', iamText: error } : { reason: 'invalidAction' });
    }
  }

  if (PRINCIPAL_REQUIRED.has(kind)) for (const s of statements) checkPrincipal(s, kind);
  if (iam && (kind === 'identity' || kind === 'boundary')) {
    for (const s of statements) if (s.sid !== undefined && !/^[0-9A-Za-z]*$/.test(s.sid)) fail({ reason: 'invalidSid' });
  }
  if (kind === 'rcp') {
    // Customer RCPs only deny, never with "*" or NotAction (RCPFullAWSAccess is AWS's own).
    for (const s of statements) {
      if (s.effect !== 'Deny' || s.notAction !== undefined || s.action?.includes('*')) fail({ reason: 'syntax' });
    }
  }
  if (kind === 'trust') {
    for (const s of statements) {
      if (s.notPrincipal !== undefined) fail({ reason: 'invalidPrincipal', detail: principalText(s.notPrincipal) });
    }
    for (const s of statements) if (s.resource !== undefined || s.notResource !== undefined) fail({ reason: 'resourceNotAllowed' });
    for (const s of statements) {
      for (const action of s.action ?? s.notAction ?? []) {
        if (action !== '*' && !action.toLowerCase().startsWith('sts:')) fail({ reason: 'trustActionNotAllowed' });
      }
    }
  }
}
