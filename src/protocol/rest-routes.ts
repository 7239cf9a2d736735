// Operation selection for the REST protocols: method + requestUri template (`/{Bucket}/{Key+}?tagging`).
// The table is built once per service. Candidates are ordered most specific first: more literal query
// parts (`?tagging`, `list-type=2`), more literal path text, no greedy label, more required query
// parameters and headers; current operations before deprecated twins. S3 has several operations on
// one method and path told apart only by a required parameter (GetObject / ListParts by `uploadId`,
// PutObject / UploadPart / CopyObject / UploadPartCopy by `partNumber` and `x-amz-copy-source`), so
// the first candidate whose template matches and whose required parameters are all present wins.
import type { OperationModel, ServiceModel } from './model.js';
import type { QueryParams } from './query-string.js';
import { ValueError, percentDecode } from './values.js';

interface Label {
  readonly name: string;
  readonly greedy: boolean;
}

interface RestRoute {
  readonly operation: OperationModel;
  readonly regex: RegExp;
  readonly labels: readonly Label[];
  readonly queryLiterals: readonly (readonly [string, string | undefined])[];
  readonly requiredQuery: readonly string[];
  readonly requiredHeaders: readonly string[];
  readonly literalLength: number;
  readonly greedy: boolean;
}

type RouteTable = ReadonlyMap<string, readonly RestRoute[]>;

const tables = new WeakMap<ServiceModel, RouteTable>();

function routeTable(service: ServiceModel): RouteTable {
  let table = tables.get(service);
  if (!table) {
    table = buildTable(service);
    tables.set(service, table);
  }
  return table;
}

function buildTable(service: ServiceModel): RouteTable {
  const byMethod = new Map<string, RestRoute[]>();
  for (const name of service.operationNames) {
    const operation = service.getOperation(name)!;
    const route = compileRoute(operation);
    const list = byMethod.get(operation.method);
    if (list) list.push(route);
    else byMethod.set(operation.method, [route]);
  }
  for (const list of byMethod.values()) list.sort(compareSpecificity);
  return byMethod;
}

function compileRoute(operation: OperationModel): RestRoute {
  const labels: Label[] = [];
  let source = '^';
  let literalLength = 0;
  let greedy = false;
  const path = operation.uri.path;
  const token = /\{([^}]+?)(\+)?\}/g;
  let last = 0;
  for (let m = token.exec(path); m !== null; m = token.exec(path)) {
    const literal = path.slice(last, m.index);
    source += escapeRegex(literal);
    literalLength += literal.length;
    labels.push({ name: m[1], greedy: m[2] === '+' });
    source += m[2] === '+' ? '(.+)' : '([^/]+)';
    if (m[2] === '+') greedy = true;
    last = m.index + m[0].length;
  }
  const tail = path.slice(last);
  source += escapeRegex(tail);
  literalLength += tail.length;
  // Clients differ on a trailing slash (`/bucket` vs `/bucket/`); a greedy label keeps its own.
  if (!path.endsWith('/')) source += '/?';
  source += '$';
  const requiredQuery: string[] = [];
  const requiredHeaders: string[] = [];
  for (const member of operation.input?.requiredMembers ?? []) {
    if (member.location === 'querystring') requiredQuery.push(member.locationName ?? member.name);
    else if (member.location === 'header') requiredHeaders.push(member.headerName!);
  }
  return {
    operation,
    regex: new RegExp(source),
    labels,
    queryLiterals: operation.uri.query,
    requiredQuery,
    requiredHeaders,
    literalLength,
    greedy,
  };
}

function compareSpecificity(a: RestRoute, b: RestRoute): number {
  return (
    b.queryLiterals.length - a.queryLiterals.length ||
    b.literalLength - a.literalLength ||
    Number(a.greedy) - Number(b.greedy) ||
    // Twins (same template) sit together, so that matching can stop at the first template that fits.
    (a.operation.requestUri < b.operation.requestUri ? -1 : a.operation.requestUri > b.operation.requestUri ? 1 : 0) ||
    b.requiredQuery.length + b.requiredHeaders.length - (a.requiredQuery.length + a.requiredHeaders.length) ||
    Number(a.operation.deprecated) - Number(b.operation.deprecated) ||
    (a.operation.name < b.operation.name ? -1 : a.operation.name > b.operation.name ? 1 : 0)
  );
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface RestMatch {
  operation: OperationModel;
  pathLabels: Record<string, string>;
}

/**
 * The operation a request addresses, with its decoded path labels; undefined when none matches.
 * `path` is still percent-encoded (labels are decoded one by one, so an encoded `/` stays in its label).
 */
export function matchRestRoute(
  service: ServiceModel,
  method: string,
  path: string,
  query: QueryParams,
  headers: Readonly<Record<string, string>>,
): RestMatch | undefined {
  const routes = routeTable(service).get(method);
  if (!routes) return undefined;
  // The JS SDK names S3 operations that share a route in `x-id`; trust it when its template matches.
  const xId = query.get('x-id')?.[0];
  let firstSatisfied: RestMatch | undefined;
  let firstMatch: RestMatch | undefined;
  for (const route of routes) {
    // Once a template matches, only its twins (same path and literal query) may still compete:
    // a less specific template must not win because the specific one lacks a required parameter.
    if (firstMatch !== undefined && route.operation.requestUri !== firstMatch.operation.requestUri) break;
    if (!queryLiteralsMatch(route, query)) continue;
    const m = route.regex.exec(path);
    if (m === null) continue;
    const match = { operation: route.operation, pathLabels: decodeLabels(route, m) };
    if (xId === route.operation.name) return match;
    if (route.requiredQuery.every((k) => query.has(k)) && route.requiredHeaders.every((h) => headers[h] !== undefined)) {
      if (xId === undefined) return match;
      firstSatisfied ??= match;
    }
    firstMatch ??= match;
  }
  return firstSatisfied ?? firstMatch;
}

function queryLiteralsMatch(route: RestRoute, query: QueryParams): boolean {
  for (const [key, value] of route.queryLiterals) {
    const values = query.get(key);
    if (values === undefined) return false;
    if (value !== undefined && values[0] !== value) return false;
  }
  return true;
}

function decodeLabels(route: RestRoute, m: RegExpExecArray): Record<string, string> {
  const labels: Record<string, string> = {};
  for (let i = 0; i < route.labels.length; i++) {
    try {
      labels[route.labels[i].name] = percentDecode(m[i + 1]);
    } catch (error) {
      if (error instanceof ValueError) throw new ValueError(`malformed percent-encoding in the ${route.labels[i].name} path label`);
      throw error;
    }
  }
  return labels;
}
