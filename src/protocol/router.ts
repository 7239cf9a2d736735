// Which service and operation a request is for.
//   json       X-Amz-Target: <targetPrefix>.<Operation>
//   query      Action (and Version) from a form-encoded POST body or a GET's query string; the service
//              is the one the SigV4 scope names, else the query service whose apiVersion is Version
//   rest-*     the service the SigV4 scope names, else the Host (`<endpointPrefix>.<region>.amazonaws.com`,
//              `<endpointPrefix>.localhost`, S3's virtual-hosted buckets); then method + requestUri
// Only the chosen service's schema is loaded.
import { type AwsError, commonError } from '../errors.js';
import type { ServiceIndexEntry } from '../generated/index.js';
import { loadServiceModel, serviceIndex } from './loader.js';
import type { OperationModel, ServiceModel } from './model.js';
import { type QueryParams, firstParam } from './query-string.js';
import { formParams, looksLikeQuery, queryParams } from './request-params.js';
import { matchRestRoute } from './rest-routes.js';
import { ValueError } from './values.js';
import type { WireRequest } from './wire.js';

export type RouteResult =
  | { ok: true; service: ServiceModel; operation: OperationModel; pathLabels?: Record<string, string> }
  | { ok: false; service?: ServiceModel; error: AwsError };

export interface RouteHint {
  /** The service of the request's SigV4 credential scope, when it is signed. */
  signingName?: string;
}

// ---------------------------------------------------------------------------------------------
// Service lookup tables, from the generated index (no schema loaded).

const byTargetPrefix = new Map<string, ServiceIndexEntry>();
const bySigningName = new Map<string, ServiceIndexEntry>();
const byEndpointPrefix = new Map<string, ServiceIndexEntry>();
const queryByVersion = new Map<string, ServiceIndexEntry>();
for (const entry of serviceIndex()) {
  if (entry.targetPrefix !== undefined) {
    byTargetPrefix.set(entry.targetPrefix, entry);
    // SDKs built from the Smithy models send only the service shape's name (CloudTrail_20131101) where
    // botocore's prefix is namespaced (com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101): take both.
    const shapeName = entry.targetPrefix.slice(entry.targetPrefix.lastIndexOf('.') + 1);
    if (!byTargetPrefix.has(shapeName)) byTargetPrefix.set(shapeName, entry);
  }
  if (!bySigningName.has(entry.signingName)) bySigningName.set(entry.signingName, entry);
  if (!byEndpointPrefix.has(entry.endpointPrefix)) byEndpointPrefix.set(entry.endpointPrefix, entry);
  if (entry.protocol === 'query') queryByVersion.set(entry.apiVersion, entry);
}

const S3_ID = 's3';

// ---------------------------------------------------------------------------------------------

export function routeRequest(req: WireRequest, hint: RouteHint): RouteResult {
  try {
    return route(req, hint);
  } catch (error) {
    if (error instanceof ValueError) return { ok: false, error: malformed() };
    throw error;
  }
}

function route(req: WireRequest, hint: RouteHint): RouteResult {
  // A presigned json request carries its target in the query, where SigV4 presigning moved it.
  const target = req.headers['x-amz-target'] ?? (req.rawQuery ? firstParam(queryParams(req), 'x-amz-target') : undefined);
  if (target !== undefined) return routeJson(target);

  const hinted = hint.signingName === undefined ? undefined : bySigningName.get(hint.signingName);
  if (hinted) return routeTo(hinted, req);

  if (looksLikeQuery(req)) {
    const version = firstParam(formParams(req), 'Version');
    const entry = version === undefined ? undefined : queryByVersion.get(version);
    if (entry) return routeTo(entry, req);
    return { ok: false, error: commonError('UnknownService', `Rampart serves no query API with Version ${version ?? '(missing)'}.`) };
  }

  const host = hostOf(req);
  const fromHost = serviceForHost(host);
  if (fromHost) return routeTo(fromHost, req);
  // Nothing names a service: an unsigned (public) or SigV2-signed S3 request looks like this, and
  // S3 answers it with its own errors, as an S3 endpoint would.
  const s3 = bySigningName.get(S3_ID);
  if (s3 && !req.headers['content-type']?.startsWith('application/x-amz-json')) return routeTo(s3, req);
  return { ok: false, error: commonError('UnknownService', 'Rampart cannot tell which service this request is for.') };
}

function routeJson(target: string): RouteResult {
  const dot = target.lastIndexOf('.');
  const prefix = dot < 0 ? '' : target.slice(0, dot);
  const entry = byTargetPrefix.get(prefix);
  if (!entry) return { ok: false, error: commonError('UnknownOperation', `Unknown operation ${target}.`) };
  const service = loadServiceModel(entry.id);
  const operation = service.getOperation(target.slice(dot + 1));
  if (!operation) return { ok: false, service, error: commonError('UnknownOperation', `Unknown operation ${target}.`) };
  return { ok: true, service, operation };
}

function routeTo(entry: ServiceIndexEntry, req: WireRequest): RouteResult {
  const service = loadServiceModel(entry.id);
  switch (service.protocol) {
    case 'json': {
      // A json service's operations are only named by X-Amz-Target, which this request lacks.
      return { ok: false, service, error: commonError('UnknownOperation', 'The request has no X-Amz-Target header.') };
    }
    case 'query':
      return routeQuery(service, req);
    default:
      return routeRest(service, req);
  }
}

function routeQuery(service: ServiceModel, req: WireRequest): RouteResult {
  let params: QueryParams;
  try {
    params = formParams(req);
  } catch (error) {
    if (error instanceof ValueError) return { ok: false, service, error: malformed() };
    throw error;
  }
  const action = firstParam(params, 'Action');
  if (action === undefined || action === '') {
    return { ok: false, service, error: commonError('MissingAction', 'The request must contain the parameter Action.') };
  }
  const operation = service.getOperation(action);
  if (!operation) {
    const version = firstParam(params, 'Version') ?? service.apiVersion;
    return { ok: false, service, error: commonError('UnknownOperation', `Could not find operation ${action} for version ${version}`) };
  }
  return { ok: true, service, operation };
}

function routeRest(service: ServiceModel, req: WireRequest): RouteResult {
  let path = req.path === '' ? '/' : req.path;
  if (service.id === S3_ID) {
    const bucket = virtualHostedBucket(hostOf(req));
    if (bucket !== undefined) path = `/${bucket}${path}`;
  }
  let match;
  try {
    match = matchRestRoute(service, req.method.toUpperCase(), path, queryParams(req), req.headers);
  } catch (error) {
    if (error instanceof ValueError) return { ok: false, service, error: malformed() };
    throw error;
  }
  if (!match) {
    return {
      ok: false,
      service,
      error: commonError('UnknownOperation', `No ${service.serviceId} operation matches ${req.method.toUpperCase()} ${req.path}.`),
    };
  }
  return { ok: true, service, operation: match.operation, pathLabels: match.pathLabels };
}

function malformed(): AwsError {
  return commonError('Serialization', 'The request line or parameters could not be decoded.');
}

// ---------------------------------------------------------------------------------------------
// Hosts

function hostOf(req: WireRequest): string {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? '';
  const first = host.split(',')[0].trim().toLowerCase();
  // Strip a port, but not the inside of an IPv6 literal.
  if (first.startsWith('[')) return first.slice(0, first.indexOf(']') + 1);
  const colon = first.lastIndexOf(':');
  return colon >= 0 ? first.slice(0, colon) : first;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** `<endpointPrefix>.<region>.amazonaws.com`, `<endpointPrefix>.localhost...`, or an S3 bucket host. */
function serviceForHost(host: string): ServiceIndexEntry | undefined {
  if (host === '' || IPV4.test(host) || host.startsWith('[')) return undefined;
  const labels = host.split('.');
  const direct = byEndpointPrefix.get(labels[0]);
  if (direct && labels.length > 1) return direct;
  if (virtualHostedBucket(host) !== undefined) return byEndpointPrefix.get(S3_ID);
  return undefined;
}

/**
 * The bucket of a virtual-hosted-style S3 host: `bucket.s3.<region>.amazonaws.com`, `bucket.s3.amazonaws.com`,
 * `bucket.s3-<region>.amazonaws.com`, `bucket.s3.localhost...`, or `bucket.localhost` (a local endpoint
 * such as localhost:4566 with virtual-hosted addressing). Undefined for path-style hosts.
 */
export function virtualHostedBucket(host: string): string | undefined {
  if (host === '' || IPV4.test(host) || host.startsWith('[')) return undefined;
  const s3 = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.(?:amazonaws\.com(?:\.cn)?|localhost(?:\..*)?)$/.exec(host);
  if (s3) return s3[1];
  const local = /^(.+)\.localhost$/.exec(host);
  if (local && !byEndpointPrefix.has(local[1].split('.')[0])) return local[1];
  return undefined;
}
