#!/usr/bin/env node
// Generates, from the AWS API models in models/ (botocore's service-2.json, gzipped), for every
// service in scripts/services.mjs:
//   src/generated/<id>/schema.json  the compact runtime schema the protocol layer loads (no docs)
//   src/generated/<id>/types.ts     TypeScript types of every shape an operation reaches
//   src/generated/index.ts          the service ids and a map from id to its operations interface
// The output is deterministic: the same models give byte-identical files.
// Usage: node scripts/codegen.mjs [outDir]   (outDir defaults to src/generated; tests pass a temp dir)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { SERVICES } from './services.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FORMAT = 1;

// botocore does not carry the root element name of S3's XML responses (Smithy's @xmlName on the
// output structure does); S3 sends these, and clients that check the root expect them.
const XML_ROOT_OVERRIDES = {
  s3: {
    CompleteMultipartUploadOutput: 'CompleteMultipartUploadResult',
    CreateMultipartUploadOutput: 'InitiateMultipartUploadResult',
    CreateSessionOutput: 'CreateSessionResult',
    DeleteObjectsOutput: 'DeleteResult',
    GetBucketAccelerateConfigurationOutput: 'AccelerateConfiguration',
    GetBucketAclOutput: 'AccessControlPolicy',
    GetBucketCorsOutput: 'CORSConfiguration',
    GetBucketLifecycleOutput: 'LifecycleConfiguration',
    GetBucketLifecycleConfigurationOutput: 'LifecycleConfiguration',
    GetBucketLocationOutput: 'LocationConstraint',
    GetBucketLoggingOutput: 'BucketLoggingStatus',
    NotificationConfigurationDeprecated: 'NotificationConfiguration',
    NotificationConfiguration: 'NotificationConfiguration',
    GetBucketRequestPaymentOutput: 'RequestPaymentConfiguration',
    GetBucketTaggingOutput: 'Tagging',
    GetBucketVersioningOutput: 'VersioningConfiguration',
    GetBucketWebsiteOutput: 'WebsiteConfiguration',
    GetObjectAclOutput: 'AccessControlPolicy',
    GetObjectAttributesOutput: 'GetObjectAttributesResponse',
    GetObjectTaggingOutput: 'Tagging',
    ListBucketAnalyticsConfigurationsOutput: 'ListBucketAnalyticsConfigurationResult',
    ListBucketIntelligentTieringConfigurationsOutput: 'ListBucketIntelligentTieringConfigurationsOutput',
    ListBucketInventoryConfigurationsOutput: 'ListInventoryConfigurationsResult',
    ListBucketMetricsConfigurationsOutput: 'ListMetricsConfigurationsResult',
    ListBucketsOutput: 'ListAllMyBucketsResult',
    ListDirectoryBucketsOutput: 'ListAllMyDirectoryBucketsResult',
    ListMultipartUploadsOutput: 'ListMultipartUploadsResult',
    ListObjectVersionsOutput: 'ListVersionsResult',
    ListObjectsOutput: 'ListBucketResult',
    ListObjectsV2Output: 'ListBucketResult',
    ListPartsOutput: 'ListPartsResult',
  },
};

// ---------------------------------------------------------------------------------------------
// Model reading

export function readModel(model, apiVersion, modelsDir = join(ROOT, 'models')) {
  const raw = gunzipSync(readFileSync(join(modelsDir, `${model}-${apiVersion}.json.gz`)));
  return JSON.parse(raw.toString('utf8'));
}

/** Every shape reachable from the operations' inputs, outputs and errors, plus all exceptions. */
function reachableShapes(model) {
  const seen = new Set();
  const visit = (name) => {
    if (name === undefined || seen.has(name)) return;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`${model.metadata.serviceId}: unknown shape ${name}`);
    seen.add(name);
    for (const member of Object.values(shape.members ?? {})) visit(member.shape);
    visit(shape.member?.shape);
    visit(shape.key?.shape);
    visit(shape.value?.shape);
  };
  for (const op of Object.values(model.operations)) {
    visit(op.input?.shape);
    visit(op.output?.shape);
    for (const e of op.errors ?? []) visit(e.shape);
  }
  for (const [name, shape] of Object.entries(model.shapes)) if (shape.exception) visit(name);
  return seen;
}

/** The types reachable from inputs and from outputs, for types.ts (errors are left out). */
function ioShapes(model) {
  const seen = new Set();
  const visit = (name) => {
    if (name === undefined || seen.has(name)) return;
    seen.add(name);
    const shape = model.shapes[name];
    for (const member of Object.values(shape.members ?? {})) visit(member.shape);
    visit(shape.member?.shape);
    visit(shape.key?.shape);
    visit(shape.value?.shape);
  };
  for (const op of Object.values(model.operations)) {
    visit(op.input?.shape);
    visit(op.output?.shape);
  }
  return seen;
}

const sortedKeys = (o) => Object.keys(o).sort();

// ---------------------------------------------------------------------------------------------
// schema.json

function compactRef(ref) {
  // A member, list member or map key/value reference with the serialization traits that matter.
  const out = { shape: ref.shape };
  for (const k of ['location', 'locationName', 'queryName', 'flattened', 'xmlAttribute', 'jsonvalue', 'timestampFormat', 'idempotencyToken', 'hostLabel']) {
    if (ref[k] !== undefined && ref[k] !== false) out[k] = ref[k];
  }
  if (ref.xmlNamespace !== undefined) out.xmlNamespace = normalizeNamespace(ref.xmlNamespace);
  return out;
}

function normalizeNamespace(ns) {
  if (typeof ns === 'string') return { uri: ns };
  const out = { uri: ns.uri };
  if (ns.prefix) out.prefix = ns.prefix;
  return out;
}

function compactShape(name, shape, serviceId, protocol) {
  const out = { type: shape.type };
  switch (shape.type) {
    case 'structure': {
      if (shape.document) out.document = true;
      if (shape.union) out.union = true;
      out.members = {};
      for (const [memberName, ref] of Object.entries(shape.members ?? {})) out.members[memberName] = compactRef(ref);
      if (shape.required?.length) out.required = [...shape.required];
      if (shape.payload) out.payload = shape.payload;
      if (shape.exception) {
        out.exception = true;
        // botocore marks server faults with `fault: true` (json) or only by a 5xx status (IAM's ServiceFailure).
        const fault = shape.fault === true;
        const status = shape.error?.httpStatusCode ?? (fault ? 500 : 400);
        out.error = { code: shape.error?.code ?? name, status, senderFault: shape.error?.senderFault ?? (!fault && status < 500) };
      }
      if (shape.eventstream) out.eventstream = true;
      break;
    }
    case 'list':
      out.member = compactRef(shape.member);
      break;
    case 'map':
      out.key = compactRef(shape.key);
      out.value = compactRef(shape.value);
      break;
    default:
      break;
  }
  const root = XML_ROOT_OVERRIDES[serviceId]?.[name];
  if (root !== undefined) out.locationName = root;
  else if (shape.locationName !== undefined) out.locationName = shape.locationName;
  if (shape.xmlNamespace !== undefined) out.xmlNamespace = normalizeNamespace(shape.xmlNamespace);
  if (shape.flattened) out.flattened = true;
  for (const k of ['min', 'max', 'pattern']) if (shape[k] !== undefined) out[k] = shape[k];
  if (shape.enum) out.enum = [...shape.enum];
  if (shape.timestampFormat) out.timestampFormat = shape.timestampFormat;
  if (shape.sensitive) out.sensitive = true;
  if (shape.streaming) out.streaming = true;
  if (shape.requiresLength) out.requiresLength = true;
  if (shape.jsonvalue) out.jsonvalue = true;
  void protocol;
  return out;
}

/** The member name (message or Message) most of the service's exceptions use. */
function errorMessageMember(model) {
  let lower = 0;
  let upper = 0;
  for (const shape of Object.values(model.shapes)) {
    if (!shape.exception) continue;
    if (shape.members?.message) lower++;
    if (shape.members?.Message) upper++;
  }
  return upper > lower ? 'Message' : 'message';
}

/** The XML namespace of a service: metadata's, else the one its request payloads declare (S3). */
function serviceXmlNamespace(model) {
  if (model.metadata.xmlNamespace) return model.metadata.xmlNamespace;
  if (model.metadata.protocol !== 'rest-xml') return undefined;
  const uris = new Set();
  for (const shape of Object.values(model.shapes)) {
    for (const ref of Object.values(shape.members ?? {})) {
      const ns = ref.xmlNamespace;
      if (ns && typeof ns === 'object' && !ns.prefix && ns.uri) uris.add(ns.uri);
      else if (typeof ns === 'string') uris.add(ns);
    }
  }
  return [...uris].sort()[0];
}

export function buildSchema(service, model) {
  const md = model.metadata;
  const serviceInfo = {
    id: service.id,
    serviceId: md.serviceId,
    protocol: md.protocol,
    apiVersion: md.apiVersion,
    endpointPrefix: md.endpointPrefix,
    signingName: md.signingName ?? md.endpointPrefix,
  };
  if (md.jsonVersion !== undefined && (md.protocol === 'json' || md.protocol === 'rest-json')) serviceInfo.jsonVersion = md.jsonVersion;
  if (md.targetPrefix !== undefined) serviceInfo.targetPrefix = md.targetPrefix;
  const ns = serviceXmlNamespace(model);
  if (ns !== undefined) serviceInfo.xmlNamespace = ns;
  if (md.globalEndpoint !== undefined) serviceInfo.globalEndpoint = md.globalEndpoint;
  if (md.awsQueryCompatible !== undefined) serviceInfo.awsQueryCompatible = true;
  serviceInfo.errorMessageMember = md.protocol === 'json' || md.protocol === 'rest-json' ? errorMessageMember(model) : 'Message';

  const operations = {};
  for (const name of sortedKeys(model.operations)) {
    const op = model.operations[name];
    const out = { method: op.http.method, uri: op.http.requestUri, status: op.http.responseCode ?? 200 };
    if (op.input) out.input = op.input.shape;
    if (op.output) out.output = op.output.shape;
    if (op.output?.resultWrapper) out.resultWrapper = op.output.resultWrapper;
    const errors = (op.errors ?? []).map((e) => e.shape);
    if (errors.length) out.errors = errors;
    if (op.endpoint?.hostPrefix) out.hostPrefix = op.endpoint.hostPrefix;
    if (op.httpChecksum?.requestChecksumRequired) out.checksumRequired = true;
    // S3 keeps deprecated twins on the same method and path (GetBucketLifecycle, ...); routing prefers the current one.
    if (op.deprecated) out.deprecated = true;
    operations[name] = out;
  }

  const shapes = {};
  const reachable = reachableShapes(model);
  for (const name of [...reachable].sort()) shapes[name] = compactShape(name, model.shapes[name], service.id, md.protocol);
  return { format: SCHEMA_FORMAT, service: serviceInfo, operations, shapes };
}

/** One line per operation and per shape: compact, yet diffs stay readable. */
export function renderSchema(schema) {
  const lines = ['{'];
  lines.push(`"format":${schema.format},`);
  lines.push(`"service":${JSON.stringify(schema.service)},`);
  const section = (key, obj, last) => {
    const names = Object.keys(obj);
    lines.push(`"${key}":{`);
    names.forEach((n, i) => lines.push(`${JSON.stringify(n)}:${JSON.stringify(obj[n])}${i < names.length - 1 ? ',' : ''}`));
    lines.push(last ? '}' : '},');
  };
  section('operations', schema.operations, false);
  section('shapes', schema.shapes, true);
  lines.push('}');
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// types.ts

const TS_RESERVED = new Set([
  // keywords and contextual keywords that cannot name a type
  'any', 'as', 'boolean', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'declare', 'default', 'delete',
  'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'from', 'function', 'if', 'implements', 'import',
  'in', 'infer', 'instanceof', 'interface', 'is', 'keyof', 'let', 'module', 'namespace', 'never', 'new', 'null', 'number',
  'object', 'of', 'package', 'private', 'protected', 'public', 'readonly', 'require', 'return', 'static', 'string',
  'super', 'switch', 'symbol', 'this', 'throw', 'true', 'try', 'type', 'typeof', 'undefined', 'unique', 'unknown', 'var',
  'void', 'while', 'with', 'yield', 'bigint', 'global', 'asserts', 'abstract', 'async', 'await', 'constructor', 'get', 'set',
  // globals and utility types this file (or a reader) may mean
  'Array', 'ArrayBuffer', 'BigInt', 'Boolean', 'Buffer', 'DataView', 'Date', 'Error', 'Exclude', 'Extract', 'Function',
  'Infinity', 'InstanceType', 'Iterable', 'Iterator', 'JSON', 'Map', 'Math', 'NaN', 'NonNullable', 'Number', 'Object',
  'Omit', 'Parameters', 'Partial', 'Pick', 'Promise', 'Proxy', 'Readonly', 'Record', 'Reflect', 'RegExp', 'Required',
  'ReturnType', 'Set', 'String', 'Symbol', 'Uint8Array', 'WeakMap', 'WeakSet', 'Event', 'Element', 'Node', 'Request',
  'Response', 'Headers', 'URL', 'Blob', 'File', 'Console', 'Intl', 'Atomics', 'Awaited', 'Uppercase', 'Lowercase',
]);

export function pascalCase(id) {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function buildTypeNames(names, prefix) {
  const taken = new Set(names);
  const map = new Map();
  for (const name of [...names].sort()) {
    let ts = name.replace(/[^A-Za-z0-9_$]/g, '_');
    if (!/^[A-Za-z_$]/.test(ts)) ts = `_${ts}`;
    if (TS_RESERVED.has(ts) || (ts !== name && taken.has(ts))) {
      ts = `${prefix}${ts[0].toUpperCase()}${ts.slice(1)}`;
      while (taken.has(ts)) ts = `${ts}_`;
    }
    taken.add(ts);
    map.set(name, ts);
  }
  return map;
}

function propertyKey(name) {
  return IDENT.test(name) ? name : JSON.stringify(name);
}

export function buildTypes(service, model) {
  const prefix = pascalCase(service.id);
  const used = ioShapes(model);
  const named = [...used].filter((n) => {
    const s = model.shapes[n];
    return (s.type === 'structure' && !s.document) || (s.type === 'string' && s.enum);
  });
  const operationsName = `${prefix}Operations`;
  const names = buildTypeNames([...named, operationsName, `${prefix}OperationName`], prefix);

  const typeOf = (ref, depth = 0) => {
    const shape = model.shapes[ref.shape];
    if (ref.jsonvalue || shape.jsonvalue) return 'unknown';
    switch (shape.type) {
      case 'structure':
        return shape.document ? 'unknown' : names.get(ref.shape);
      case 'list': {
        const inner = typeOf(shape.member, depth + 1);
        return /^[A-Za-z0-9_$]+$/.test(inner) ? `${inner}[]` : `Array<${inner}>`;
      }
      case 'map':
        return `Record<string, ${typeOf(shape.value, depth + 1)}>`;
      case 'string':
        return shape.enum ? names.get(ref.shape) : 'string';
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'blob':
        return 'Uint8Array';
      case 'timestamp':
        return 'Date';
      default:
        throw new Error(`unhandled shape type ${shape.type} (${ref.shape})`);
    }
  };

  const out = [];
  out.push(`// Generated by scripts/codegen.mjs from models/${service.model}-${service.apiVersion}.json.gz. Do not edit.`);
  out.push(`// Types of the ${model.metadata.serviceFullName ?? model.metadata.serviceId} API as Rampart's handlers see them: blobs are`);
  out.push('// Uint8Array (the parsers produce Buffer), timestamps Date, documents unknown; required members are not optional.');
  out.push('');
  const sortedNamed = [...named].sort((a, b) => (names.get(a) < names.get(b) ? -1 : names.get(a) > names.get(b) ? 1 : 0));
  for (const name of sortedNamed) {
    const shape = model.shapes[name];
    const ts = names.get(name);
    if (shape.type === 'string') {
      const literals = shape.enum.map((v) => JSON.stringify(v));
      const oneLine = `export type ${ts} = ${literals.length ? literals.join(' | ') : 'string'};`;
      if (oneLine.length <= 110) out.push(oneLine);
      else out.push(`export type ${ts} =`, ...literals.map((l, i) => `  | ${l}${i === literals.length - 1 ? ';' : ''}`));
      out.push('');
      continue;
    }
    const required = new Set(shape.required ?? []);
    const members = Object.entries(shape.members ?? {});
    if (shape.union) out.push('/** A union: exactly one member is set. */');
    if (members.length === 0) {
      out.push(`export type ${ts} = Record<string, never>;`);
      out.push('');
      continue;
    }
    out.push(`export interface ${ts} {`);
    for (const [memberName, ref] of members) {
      const opt = required.has(memberName) && !shape.union ? '' : '?';
      out.push(`  ${propertyKey(memberName)}${opt}: ${typeOf(ref)};`);
    }
    out.push('}');
    out.push('');
  }
  out.push(`export interface ${names.get(operationsName)} {`);
  for (const opName of sortedKeys(model.operations)) {
    const op = model.operations[opName];
    const input = op.input ? typeOf({ shape: op.input.shape }) : 'Record<string, never>';
    const output = op.output ? typeOf({ shape: op.output.shape }) : 'Record<string, never>';
    out.push(`  ${propertyKey(opName)}: { input: ${input}; output: ${output} };`);
  }
  out.push('}');
  out.push('');
  out.push(`export type ${names.get(`${prefix}OperationName`)} = keyof ${names.get(operationsName)};`);
  out.push('');
  return { text: out.join('\n'), operationsType: names.get(operationsName), operationNameType: names.get(`${prefix}OperationName`) };
}

function buildIndex(entries) {
  const out = [];
  out.push('// Generated by scripts/codegen.mjs from scripts/services.mjs. Do not edit.');
  out.push('// The services whose schemas are generated, and each one\'s operations interface.');
  out.push('');
  for (const e of entries) out.push(`import type { ${e.operationsType} } from './${e.id}/types.js';`);
  out.push('');
  out.push('export const SERVICE_IDS = [');
  for (const e of entries) out.push(`  ${JSON.stringify(e.id)},`);
  out.push('] as const;');
  out.push('');
  out.push('export type ServiceId = (typeof SERVICE_IDS)[number];');
  out.push('');
  out.push('/** What the router needs to pick a service without loading every schema. */');
  out.push('export interface ServiceIndexEntry {');
  out.push('  readonly id: ServiceId;');
  out.push("  readonly protocol: 'json' | 'rest-json' | 'query' | 'rest-xml';");
  out.push('  readonly signingName: string;');
  out.push('  readonly endpointPrefix: string;');
  out.push('  readonly apiVersion: string;');
  out.push('  readonly targetPrefix?: string;');
  out.push('}');
  out.push('');
  out.push('export const SERVICE_INDEX: readonly ServiceIndexEntry[] = [');
  for (const e of entries) out.push(`  ${JSON.stringify(e.index).replace(/"(\w+)":/g, '$1: ').replace(/,(?=\w+: )/g, ', ').replace(/^\{/, '{ ').replace(/\}$/, ' }')},`);
  out.push('];');
  out.push('');
  out.push('export interface ServiceOperations {');
  for (const e of entries) out.push(`  ${propertyKey(e.id)}: ${e.operationsType};`);
  out.push('}');
  out.push('');
  out.push('export type OperationName<S extends ServiceId> = keyof ServiceOperations[S] & string;');
  out.push('');
  for (const e of entries) out.push(`export type { ${e.operationsType}, ${e.operationNameType} } from './${e.id}/types.js';`);
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

/** Every generated file as [relative path, content], in a fixed order. */
export function generateAll(modelsDir = join(ROOT, 'models')) {
  const files = [];
  const entries = [];
  for (const service of SERVICES) {
    const model = readModel(service.model, service.apiVersion, modelsDir);
    if (model.metadata.apiVersion !== service.apiVersion) throw new Error(`${service.id}: model apiVersion ${model.metadata.apiVersion}`);
    files.push([`${service.id}/schema.json`, renderSchema(buildSchema(service, model))]);
    const types = buildTypes(service, model);
    files.push([`${service.id}/types.ts`, types.text]);
    const md = model.metadata;
    const index = { id: service.id, protocol: md.protocol, signingName: md.signingName ?? md.endpointPrefix, endpointPrefix: md.endpointPrefix, apiVersion: md.apiVersion };
    if (md.targetPrefix !== undefined) index.targetPrefix = md.targetPrefix;
    entries.push({ id: service.id, index, operationsType: types.operationsType, operationNameType: types.operationNameType });
  }
  files.push(['index.ts', buildIndex(entries)]);
  return files;
}

function main() {
  const outDir = resolve(process.argv[2] ?? join(ROOT, 'src', 'generated'));
  const files = generateAll();
  for (const [rel, content] of files) {
    const target = join(outDir, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  console.log(`codegen: wrote ${files.length} files for ${SERVICES.length} services to ${outDir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
