// The parameters of a request, decoded once and kept for the request's lifetime: routing reads
// Action or the query string, and parsing reads them again.
import { type QueryParams, parseQueryString } from './query-string.js';
import type { WireRequest } from './wire.js';

interface RequestParams {
  query?: QueryParams;
  form?: QueryParams;
}

const parsedParams = new WeakMap<WireRequest, RequestParams>();

function paramsOf(req: WireRequest): RequestParams {
  let p = parsedParams.get(req);
  if (!p) {
    p = {};
    parsedParams.set(req, p);
  }
  return p;
}

/** The request's query string parameters (parsed once). */
export function queryParams(req: WireRequest): QueryParams {
  const p = paramsOf(req);
  return (p.query ??= parseQueryString(req.rawQuery));
}

/** The awsQuery parameters: a form-encoded body's, else the query string's (a presigned GET). */
export function formParams(req: WireRequest): QueryParams {
  const p = paramsOf(req);
  if (p.form) return p.form;
  const body = isFormBody(req) ? parseQueryString(req.body.toString('utf8')) : undefined;
  const query = queryParams(req);
  let form: QueryParams;
  if (body === undefined || body.size === 0) form = query;
  else if (query.size === 0) form = body;
  else form = new Map([...query, ...body]);
  p.form = form;
  return form;
}

function isFormBody(req: WireRequest): boolean {
  const type = req.headers['content-type'];
  return req.body.length > 0 && (type === undefined || type.toLowerCase().startsWith('application/x-www-form-urlencoded'));
}

/** Whether the request itself looks like awsQuery (used when no service could be chosen). */
export function looksLikeQuery(req: WireRequest): boolean {
  if (req.headers['x-amz-target'] !== undefined) return false;
  if (/(?:^|&)Action=/.test(req.rawQuery)) return true;
  return isFormBody(req) && /(?:^|&)Action=/.test(req.body.toString('latin1', 0, Math.min(req.body.length, 65536)));
}

