// Input validation from the model, as AWS's front end does it after parsing: required members,
// lengths (strings in code points, blobs in bytes, lists, maps), numeric ranges, enums and patterns.
// Messages follow AWS's wording, e.g.
//   1 validation error detected: Value 'abc' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048
// Member paths lower-case the first letter and index lists from 1 (`tags.1.member.key`). A value that
// is, or is inside, or contains a sensitive shape is never echoed: AWS then writes `Value at '...'`.
import type { Member, Shape } from './model.js';
import { codePointLength } from './values.js';

export function validationMessage(failures: readonly string[]): string {
  const n = failures.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${failures.join('; ')}`;
}

/** Every constraint violation in `input` (a structure of `shape`), as AWS words each. */
export function validateStructure(shape: Shape, input: Record<string, unknown>): string[] {
  const failures: string[] = [];
  if (shape.hasConstraints) checkStructure(shape, input, '', false, failures);
  return failures;
}

function checkStructure(shape: Shape, value: Record<string, unknown>, path: string, inSensitive: boolean, out: string[]): void {
  const hidden = inSensitive || shape.sensitive;
  for (const member of shape.members) {
    const v = value[member.name];
    const memberPath = path === '' ? member.validationName : `${path}.${member.validationName}`;
    if (v === undefined || v === null) {
      if (member.required) out.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    if (member.shape.hasConstraints) checkValue(member.shape, v, memberPath, hidden, out);
  }
}

function checkValue(shape: Shape, value: unknown, path: string, inSensitive: boolean, out: string[]): void {
  const hidden = inSensitive || shape.containsSensitive;
  switch (shape.type) {
    case 'structure':
      if (typeof value === 'object' && value !== null) checkStructure(shape, value as Record<string, unknown>, path, inSensitive, out);
      return;
    case 'list': {
      if (!Array.isArray(value)) return;
      for (const c of scalarViolations(shape, value)) out.push(fail(value, path, hidden, c));
      const item = shape.listMember!.shape;
      if (!item.hasConstraints) return;
      if (item.isScalar()) {
        if (value.some((v) => v !== null && v !== undefined && scalarViolations(item, v).length > 0)) {
          out.push(fail(value, path, hidden, `Member must satisfy constraint: [${describeConstraints(item)}]`));
        }
        return;
      }
      for (let i = 0; i < value.length; i++) {
        if (value[i] !== null && value[i] !== undefined) checkValue(item, value[i], `${path}.${i + 1}.member`, hidden, out);
      }
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null) return;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (const c of lengthViolations(shape, keys.length, 'length')) out.push(fail(value, path, hidden, c));
      const keyShape = shape.mapKey!.shape;
      if (keyShape.hasConstraints && keys.some((k) => scalarViolations(keyShape, k).length > 0)) {
        out.push(fail(value, path, hidden, `Map keys must satisfy constraint: [${describeConstraints(keyShape)}]`));
      }
      const valueShape = shape.mapValue!.shape;
      if (!valueShape.hasConstraints) return;
      if (valueShape.isScalar()) {
        if (keys.some((k) => record[k] !== null && record[k] !== undefined && scalarViolations(valueShape, record[k]).length > 0)) {
          out.push(fail(value, path, hidden, `Map value must satisfy constraint: [${describeConstraints(valueShape)}]`));
        }
        return;
      }
      for (const k of keys) if (record[k] !== null && record[k] !== undefined) checkValue(valueShape, record[k], `${path}.${k}.member`, hidden, out);
      return;
    }
    default:
      for (const c of scalarViolations(shape, value)) out.push(fail(value, path, hidden, c));
  }
}

/** The constraints a scalar (or a collection's own size) violates, in AWS's order. */
function scalarViolations(shape: Shape, value: unknown): string[] {
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') return [];
      const out = lengthViolations(shape, shape.min === undefined && shape.max === undefined ? 0 : codePointLength(value), 'length');
      const regex = shape.regex;
      if (regex !== undefined && !regex.test(value)) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      if (shape.enumSet !== undefined && !shape.enumSet.has(value)) out.push(`Member must satisfy enum value set: [${shape.enumValues!.join(', ')}]`);
      return out;
    }
    case 'blob':
      return value instanceof Uint8Array ? lengthViolations(shape, value.byteLength, 'length') : [];
    case 'list':
      return Array.isArray(value) ? lengthViolations(shape, value.length, 'length') : [];
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return typeof value === 'number' ? lengthViolations(shape, value, 'value') : [];
    default:
      return [];
  }
}

function lengthViolations(shape: Shape, n: number, what: 'length' | 'value'): string[] {
  const out: string[] = [];
  if (shape.max !== undefined && n > shape.max) out.push(`Member must have ${what} less than or equal to ${shape.max}`);
  if (shape.min !== undefined && n < shape.min) out.push(`Member must have ${what} greater than or equal to ${shape.min}`);
  return out;
}

/** All of a shape's constraints, as AWS lists them inside `Member must satisfy constraint: [...]`. */
function describeConstraints(shape: Shape): string {
  const what = shape.type === 'string' || shape.type === 'blob' || shape.type === 'list' || shape.type === 'map' ? 'length' : 'value';
  const parts: string[] = [];
  if (shape.max !== undefined) parts.push(`Member must have ${what} less than or equal to ${shape.max}`);
  if (shape.min !== undefined) parts.push(`Member must have ${what} greater than or equal to ${shape.min}`);
  if (shape.pattern !== undefined) parts.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enumValues !== undefined) parts.push(`Member must satisfy enum value set: [${shape.enumValues.join(', ')}]`);
  return parts.join(', ');
}

function fail(value: unknown, path: string, hidden: boolean, constraint: string): string {
  const shown = hidden ? 'Value' : `Value '${render(value)}'`;
  return `${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/** A value as AWS's (Java) front end prints it. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.byteLength} cap=${value.byteLength}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${render(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// S3 validates little in this generic way: only required members are checked there.

export interface MissingMember {
  path: string;
  /** The member is in the XML body (S3 answers MalformedXML), rather than a header or the query. */
  inBody: boolean;
  member: Member;
}

/** The first required member missing from `input`, searching the whole value. */
export function findMissingRequired(shape: Shape, input: Record<string, unknown>, path = '', inBody = false): MissingMember | undefined {
  for (const member of shape.members) {
    const v = input[member.name];
    const memberPath = path === '' ? member.name : `${path}.${member.name}`;
    const bodyMember = inBody || member.location === undefined;
    if (v === undefined || v === null) {
      if (member.required) return { path: memberPath, inBody: bodyMember, member };
      continue;
    }
    const found = findMissingIn(member.shape, v, memberPath, bodyMember);
    if (found) return found;
  }
  return undefined;
}

function findMissingIn(shape: Shape, value: unknown, path: string, inBody: boolean): MissingMember | undefined {
  if (shape.type === 'structure' && !shape.document && typeof value === 'object' && value !== null) {
    return findMissingRequired(shape, value as Record<string, unknown>, path, inBody);
  }
  if (shape.type === 'list' && Array.isArray(value)) {
    for (const item of value) {
      const found = item === null || item === undefined ? undefined : findMissingIn(shape.listMember!.shape, item, path, inBody);
      if (found) return found;
    }
  }
  if (shape.type === 'map' && typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) {
      const found = v === null || v === undefined ? undefined : findMissingIn(shape.mapValue!.shape, v, path, inBody);
      if (found) return found;
    }
  }
  return undefined;
}
