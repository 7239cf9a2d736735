// The filters of DescribeParameters (ParameterFilters, or the older Filters) and GetParametersByPath
// (ParameterFilters): which keys each operation takes, the options per key (Equals, BeginsWith,
// Contains for Name, Recursive/OneLevel for Path), AWS's errors for the rest, and matching.
import { AwsError } from '../../errors.js';
import type { ParametersFilter, ParameterStringFilter } from '../../generated/ssm/types.js';
import { validatePath } from './names.js';
import { labelsOf, type ParameterRecord } from './records.js';

export type FilterContext = 'describe' | 'by-path';

export interface CompiledFilter {
  key: string;
  option: string;
  values: string[];
}

const DESCRIBE_KEYS = ['Path', 'Name', 'Type', 'KeyId', 'Tier', 'DataType'];
const BY_PATH_KEYS = ['Type', 'KeyId', 'Label'];
const TYPES = ['String', 'StringList', 'SecureString'];
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];

const invalidKey = (key: string, context: FilterContext) =>
  new AwsError(
    'InvalidFilterKey',
    `The following filter key is not valid: ${key}. Valid filter keys include: [${(context === 'describe' ? DESCRIBE_KEYS : BY_PATH_KEYS).join(', ')}${context === 'describe' ? ', tag:<key>' : ''}].`,
  );
const invalidOption = (option: string, valid: string[]) =>
  new AwsError('InvalidFilterOption', `The following filter option is not valid: ${option}. Valid options include: [${valid.join(', ')}].`);

function optionsFor(key: string, context: FilterContext): string[] {
  if (key === 'Path') return ['Recursive', 'OneLevel'];
  if (key === 'Name') return ['BeginsWith', 'Equals', 'Contains'];
  if (key === 'Label') return ['Equals'];
  return ['BeginsWith', 'Equals'];
}

/** Validates ParameterFilters for an operation; returns them with their options made explicit. */
export function compileParameterFilters(filters: readonly ParameterStringFilter[] | undefined, context: FilterContext): CompiledFilter[] {
  const compiled: CompiledFilter[] = [];
  const seen = new Set<string>();
  for (const filter of filters ?? []) {
    const key = filter.Key;
    const isTag = key.startsWith('tag:');
    if (context === 'describe' ? !(isTag || DESCRIBE_KEYS.includes(key)) : !BY_PATH_KEYS.includes(key)) throw invalidKey(key, context);
    if (seen.has(key)) {
      throw new AwsError('InvalidFilterKey', `The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`);
    }
    seen.add(key);
    const option = filter.Option ?? (key === 'Path' ? 'OneLevel' : 'Equals');
    const valid = optionsFor(key, context);
    if (!valid.includes(option)) throw invalidOption(option, valid);
    const values = filter.Values ?? [];
    // A tag filter without values matches parameters that have the tag at all.
    if (values.length === 0 && !isTag) {
      throw new AwsError('InvalidFilterValue', `The following filter values are missing : null for filter key ${key}.`);
    }
    if (key === 'Type' || key === 'Tier') {
      const allowed = key === 'Type' ? TYPES : TIERS;
      for (const value of values) {
        if (option === 'Equals' && !allowed.includes(value)) {
          throw new AwsError('InvalidFilterValue', `The following filter value is not valid: ${value}. Valid values include: [${allowed.join(', ')}].`);
        }
      }
    }
    if (key === 'Path') {
      for (const value of values) {
        if (/^\/(aws|ssm)/i.test(value)) {
          throw new AwsError(
            'ValidationException',
            'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.',
          );
        }
      }
      compiled.push({ key, option, values: values.map(validatePath) });
      continue;
    }
    compiled.push({ key, option, values: [...values] });
  }
  return compiled;
}

/** The older DescribeParameters Filters (Name, Type, KeyId), as ParameterFilters. */
export function compileLegacyFilters(filters: readonly ParametersFilter[] | undefined): CompiledFilter[] {
  const compiled: CompiledFilter[] = [];
  const seen = new Set<string>();
  for (const filter of filters ?? []) {
    if (seen.has(filter.Key)) {
      throw new AwsError('InvalidFilterKey', `The following filter is duplicated in the request: ${filter.Key}. A request can contain only one occurrence of a specific filter.`);
    }
    seen.add(filter.Key);
    compiled.push({ key: filter.Key, option: filter.Key === 'Name' ? 'BeginsWith' : 'Equals', values: [...filter.Values] });
  }
  return compiled;
}

const withSlash = (name: string) => (name.startsWith('/') ? name : `/${name}`);
const parentOf = (name: string) => (name.startsWith('/') ? name.slice(0, name.lastIndexOf('/')) : '');

function compare(option: string, actual: string | undefined, values: readonly string[]): boolean {
  if (actual === undefined) return false;
  switch (option) {
    case 'Equals':
      return values.includes(actual);
    case 'BeginsWith':
      return values.some((value) => actual.startsWith(value));
    case 'Contains':
      return values.some((value) => actual.includes(value));
    default:
      return false;
  }
}

export function matches(record: ParameterRecord, filters: readonly CompiledFilter[]): boolean {
  const current = record.current;
  for (const filter of filters) {
    const { key, option, values } = filter;
    let ok: boolean;
    if (key === 'Name') {
      // Names compare with a leading slash, so "x" and "/x" both match "x" and "/x".
      ok = option === 'Contains' ? compare(option, record.name, values) : compare(option, withSlash(record.name), values.map(withSlash));
    } else if (key === 'Path') {
      const parent = parentOf(record.name);
      ok = values.some((path) =>
        option === 'OneLevel' ? parent === (path === '/' ? '' : path) : path === '/' || withSlash(record.name).startsWith(`${path}/`),
      );
    } else if (key === 'Type') {
      ok = compare(option, current.type, values);
    } else if (key === 'KeyId') {
      ok = compare(option, current.keyId, values);
    } else if (key === 'Tier') {
      ok = compare(option, current.tier, values);
    } else if (key === 'DataType') {
      ok = compare(option, current.dataType, values);
    } else if (key === 'Label') {
      ok = labelsOf(record, current.version).some((label) => values.includes(label));
    } else if (key.startsWith('tag:')) {
      const tag = record.tags.find((t) => t.Key === key.slice(4));
      ok = tag !== undefined && (values.length === 0 || compare(option, tag.Value, values));
    } else {
      ok = false;
    }
    if (!ok) return false;
  }
  return true;
}
