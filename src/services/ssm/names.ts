// Parameter names as Parameter Store accepts them: the character set, the reserved "aws"/"ssm"
// prefixes, fully qualified "/a/b" names against plain ones, 15 levels, 1011 characters counting the
// ARN before the name; the ARN forms a name may be given as; "name:version" and "name:label"
// selectors; and where a parameter lives in storage.
import { AwsError } from '../../errors.js';

export const MAX_LEVELS = 15;
/** AWS counts the ARN before the name ("arn:aws:ssm:us-east-2:111122223333:parameter/") in this limit. */
export const MAX_NAME_WITH_ARN = 1011;

export interface ParameterPlace {
  partition: string;
  accountId: string;
  region: string;
}

const NAME_RULE =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
const PATH_RULE =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';
const SELECTOR_RULE = 'Invalid parameter name. Please use correct syntax for referencing a version/label  <name>:<version/label>';

const SEGMENT = /^[a-zA-Z0-9_.-]+$/;
const RESERVED = /^(aws|ssm)/i;

export const invalidName = () => new AwsError('ValidationException', NAME_RULE);
export const invalidPath = () => new AwsError('ValidationException', PATH_RULE);
export const invalidSelector = () => new AwsError('ValidationException', SELECTOR_RULE);

export const arnPrefix = (place: ParameterPlace) => `arn:${place.partition}:ssm:${place.region}:${place.accountId}:parameter/`;

/** The parameter's ARN: the name without its leading slash after "parameter/". */
export const parameterArn = (place: ParameterPlace, name: string) => arnPrefix(place) + (name.startsWith('/') ? name.slice(1) : name);

/** Public parameters (/aws/service/...) belong to no account: their ARNs have an empty account. */
export const publicParameterArn = (place: Pick<ParameterPlace, 'partition' | 'region'>, name: string) =>
  `arn:${place.partition}:ssm:${place.region}::parameter/${name.slice(1)}`;

export const isAwsNamespace = (name: string) => name.startsWith('/aws/');
export const SECRETS_REFERENCE_PREFIX = '/aws/reference/secretsmanager/';
export const isSecretsReference = (name: string) => name.startsWith(SECRETS_REFERENCE_PREFIX);

/** Levels of a name: "/a/b/c" has 3, "plain" has 1. */
export const levelsOf = (name: string) => (name.startsWith('/') ? name.split('/').length - 1 : 1);

/**
 * A name PutParameter may create: trimmed (AWS removes surrounding spaces), of the allowed characters,
 * outside the reserved namespaces, at most 15 levels deep and short enough with its ARN.
 */
export function validateNewName(raw: string, place: ParameterPlace): string {
  const name = raw.trim();
  if (name.startsWith('/aws/') || /^\/aws$/i.test(name)) {
    throw new AwsError('AccessDenied', `No access to reserved parameter name: ${name}.`);
  }
  const hierarchical = name.includes('/');
  const segments = hierarchical ? name.split('/') : [name];
  if (hierarchical && (segments[0] !== '' || segments.length < 2)) throw invalidName();
  const parts = hierarchical ? segments.slice(1) : segments;
  if (parts.length === 0 || parts.some((part) => !SEGMENT.test(part))) throw invalidName();
  if (RESERVED.test(parts[0]!)) throw invalidName();
  if (parts.length > MAX_LEVELS) {
    throw new AwsError(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the AWS Systems Manager User Guide.',
    );
  }
  const limit = MAX_NAME_WITH_ARN - arnPrefix(place).length;
  if (parameterArn(place, name).length > MAX_NAME_WITH_ARN) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length less than or equal to ${limit} (${MAX_NAME_WITH_ARN} characters including the ARN before the name).`,
    );
  }
  return name;
}

export interface NameReference {
  /** The parameter's name (a name given as an ARN is turned back into one). */
  name: string;
  /** Alternative name when an ARN could mean either "x" or "/x". */
  alternative?: string;
  /** ":3" or ":prod", as the request wrote it. */
  selector?: string;
  version?: number;
  label?: string;
  /** Given as an ARN of another account or Region: no such parameter here. */
  foreign?: boolean;
}

const ARN = /^arn:([^:]+):ssm:([^:]*):([^:]*):parameter\/(.*)$/;

/**
 * A name as GetParameter(s) and the other operations that read take it: a name or an ARN, with an
 * optional ":version" or ":label" selector. Repeated slashes are collapsed and a hierarchical name
 * without its leading slash is qualified, as Parameter Store answers such names.
 */
export function parseNameReference(raw: string, place: ParameterPlace, options: { selectors: boolean }): NameReference {
  let text = raw.trim();
  let foreign = false;
  let alternative: string | undefined;
  const arn = ARN.exec(text);
  if (arn) {
    const [, partition, region, account, rest] = arn;
    foreign = partition !== place.partition || region !== place.region || (account !== place.accountId && account !== '');
    text = rest!.includes('/') || rest!.startsWith('aws/') ? `/${rest}` : rest!;
    if (!text.startsWith('/')) alternative = `/${text}`;
  }
  let selector: string | undefined;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    if (!options.selectors) throw invalidName();
    selector = text.slice(colon);
    text = text.slice(0, colon);
    const value = selector.slice(1);
    if (value === '' || value.includes(':')) throw invalidSelector();
  }
  let name = text.replace(/\/{2,}/g, '/');
  if (name.includes('/') && !name.startsWith('/')) name = `/${name}`;
  if (name === '' || name === '/' || !/^[a-zA-Z0-9_./-]+$/.test(name)) throw invalidName();
  const reference: NameReference = { name };
  if (alternative !== undefined) reference.alternative = alternative.replace(/\/{2,}/g, '/');
  if (foreign) reference.foreign = true;
  if (selector !== undefined) {
    reference.selector = selector;
    const value = selector.slice(1);
    if (/^\d+$/.test(value)) reference.version = Number(value);
    else reference.label = value;
  }
  return reference;
}

/** A path as GetParametersByPath and the Path filter take it: "/" or "/a/b", optionally ending in "/". */
export function validatePath(raw: string): string {
  const path = raw.trim();
  if (path === '/') return path;
  if (!path.startsWith('/') || path.includes('//') || !/^[a-zA-Z0-9_./-]+$/.test(path)) throw invalidPath();
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed.split('/').length - 1 > MAX_LEVELS) {
    throw new AwsError('ValidationException', `The parameter path ${path} exceeds the maximum of ${MAX_LEVELS} levels.`);
  }
  return trimmed;
}

// ---- storage ---------------------------------------------------------------------------------------
// A parameter is stored under its parent path and its leaf, separated by a space (which no name may
// hold), so the children of one level are one contiguous range: "/a/b/c" is "<prefix>/a/b c", "/x" is
// "<prefix> x", and a plain name "x" is "<prefix> :x" (":" cannot start a leaf either), so the root
// level holds both kinds. Recursive listings read the level's range and then "<path>/".

export const ssmPrefix = (place: ParameterPlace) => `acct/${place.partition}/${place.accountId}/${place.region}/ssm/`;
export const parametersPrefix = (place: ParameterPlace) => `${ssmPrefix(place)}p/`;

export function storageSuffix(name: string): string {
  if (!name.startsWith('/')) return ` :${name}`;
  const slash = name.lastIndexOf('/');
  return `${name.slice(0, slash)} ${name.slice(slash + 1)}`;
}

export function nameOfSuffix(suffix: string): string {
  const space = suffix.lastIndexOf(' ');
  const parent = suffix.slice(0, space);
  const leaf = suffix.slice(space + 1);
  return leaf.startsWith(':') ? leaf.slice(1) : `${parent}/${leaf}`;
}

export const parameterKey = (place: ParameterPlace, name: string) => parametersPrefix(place) + storageSuffix(name);
export const versionKey = (place: ParameterPlace, name: string, version: number) =>
  `${ssmPrefix(place)}v/${name}#${String(version).padStart(6, '0')}`;
export const versionsPrefix = (place: ParameterPlace, name: string) => `${ssmPrefix(place)}v/${name}#`;

/** The key ranges holding a path's parameters: its own level, then (recursive) every level below. */
export function pathRanges(place: ParameterPlace, path: string, recursive: boolean): string[] {
  const base = parametersPrefix(place);
  if (path === '/') return recursive ? [`${base} `, `${base}/`] : [`${base} `];
  return recursive ? [`${base}${path} `, `${base}${path}/`] : [`${base}${path} `];
}
