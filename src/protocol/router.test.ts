// Routing: which service and operation a request addresses, and what an unroutable request hears.
import { describe, expect, it } from 'vitest';
import { loadServiceModel, parseInput, routeRequest, serializeError } from './index.js';
import { virtualHostedBucket } from './router.js';
import type { WireRequest } from './wire.js';

function req(partial: Partial<WireRequest>): WireRequest {
  return { method: 'GET', path: '/', rawQuery: '', headers: {}, body: Buffer.alloc(0), ...partial };
}

function routed(r: WireRequest, signingName?: string): string {
  const route = routeRequest(r, { signingName });
  if (!route.ok) throw new Error(`not routed: ${route.error.code} ${route.error.message}`);
  return `${route.service.id}:${route.operation.name}`;
}

function refused(r: WireRequest, signingName?: string) {
  const route = routeRequest(r, { signingName });
  if (route.ok) throw new Error(`routed to ${route.operation.name}`);
  return { route, response: serializeError(route.service, route.error, 'rid', r) };
}

describe('json services', () => {
  it('route by X-Amz-Target, whatever the signing name says', () => {
    expect(routed(req({ method: 'POST', headers: { 'x-amz-target': 'TrentService.Encrypt' } }))).toBe('kms:Encrypt');
    expect(routed(req({ method: 'POST', headers: { 'x-amz-target': 'secretsmanager.GetSecretValue' } }), 'kms')).toBe('secrets-manager:GetSecretValue');
    // A target prefix with dots in it.
    expect(routed(req({ method: 'POST', headers: { 'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListTrails' } }))).toBe(
      'cloudtrail:ListTrails',
    );
  });

  it('an unknown operation of a known prefix is that service\'s UnknownOperationException', () => {
    const { route, response } = refused(req({ method: 'POST', headers: { 'x-amz-target': 'TrentService.Frobnicate' } }));
    expect(route.service?.id).toBe('kms');
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });

  it('an unknown prefix is answered in JSON, since the request is JSON', () => {
    const { route, response } = refused(req({ method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' } }));
    expect(route.service).toBeUndefined();
    expect(JSON.parse(String(response.body)).__type).toBe('UnknownOperationException');
  });

  it('a json service signed request without X-Amz-Target is an unknown operation of that service', () => {
    const { route } = refused(req({ method: 'POST', body: Buffer.from('{}') }), 'kms');
    expect(route.service?.id).toBe('kms');
    expect(route.error.code).toBe('UnknownOperation');
  });
});

describe('query services', () => {
  const form = (body: string) => req({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(body) });

  it('route by the signing name, else by Version', () => {
    expect(routed(form('Action=ListUsers&Version=2010-05-08'), 'iam')).toBe('iam:ListUsers');
    expect(routed(form('Action=GetCallerIdentity&Version=2011-06-15'))).toBe('sts:GetCallerIdentity');
    expect(routed(form('Action=ListUsers&Version=2010-05-08'))).toBe('iam:ListUsers');
  });

  it('read Action from the query string of a presigned GET', () => {
    const presigned = req({
      rawQuery:
        'Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc',
      headers: { host: 'sts.amazonaws.com' },
    });
    expect(routed(presigned, 'sts')).toBe('sts:GetCallerIdentity');
    const route = routeRequest(presigned, { signingName: 'sts' });
    if (!route.ok) throw route.error;
    expect(parseInput(route.service, route.operation, presigned, route)).toEqual({});
  });

  it('an unknown action: InvalidAction, worded as AWS does', () => {
    const { response } = refused(form('Action=Frobnicate&Version=2010-05-08'), 'iam');
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain('<Code>InvalidAction</Code><Message>Could not find operation Frobnicate for version 2010-05-08</Message>');
  });

  it('a missing action: MissingAction', () => {
    const { response } = refused(form('Version=2011-06-15'), 'sts');
    expect(String(response.body)).toContain('<Code>MissingAction</Code>');
  });

  it('an unknown Version without a signing name is answered as a query error', () => {
    const { response } = refused(form('Action=ListQueues&Version=2012-11-05'));
    expect(String(response.body)).toMatch(/^<ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  });
});

describe('rest-json services', () => {
  it('match method and URI template, decoding labels', () => {
    const route = routeRequest(req({ method: 'GET', path: '/detector/abc%2Fdef/filter/my%20filter' }), { signingName: 'guardduty' });
    if (!route.ok) throw route.error;
    expect(route.operation.name).toBe('GetFilter');
    expect(route.pathLabels).toEqual({ DetectorId: 'abc/def', FilterName: 'my filter' });
    expect(routed(req({ method: 'POST', path: '/detector/abc/filter' }), 'guardduty')).toBe('guardduty:CreateFilter');
    expect(routed(req({ method: 'GET', path: '/detector/abc/filter' }), 'guardduty')).toBe('guardduty:ListFilters');
  });

  it('choose the service from the Host without a signing name', () => {
    expect(routed(req({ method: 'GET', path: '/detector', headers: { host: 'guardduty.eu-west-1.amazonaws.com' } }))).toBe('guardduty:ListDetectors');
    expect(routed(req({ method: 'GET', path: '/detector', headers: { host: 'guardduty.localhost:4566' } }))).toBe('guardduty:ListDetectors');
  });

  it('no matching route: 404 UnknownOperationException', () => {
    const { response } = refused(req({ method: 'DELETE', path: '/nothing/here' }), 'guardduty');
    expect(response.status).toBe(404);
    expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });
});

describe('S3', () => {
  const s3 = (method: string, path: string, rawQuery = '', headers: Record<string, string> = {}) => routed(req({ method, path, rawQuery, headers }), 's3');

  it('tells apart operations that share a method and path', () => {
    expect(s3('GET', '/b/k')).toBe('s3:GetObject');
    expect(s3('GET', '/b/k', 'uploadId=u')).toBe('s3:ListParts');
    expect(s3('PUT', '/b/k')).toBe('s3:PutObject');
    expect(s3('PUT', '/b/k', '', { 'x-amz-copy-source': 'a/b' })).toBe('s3:CopyObject');
    expect(s3('PUT', '/b/k', 'partNumber=1&uploadId=u')).toBe('s3:UploadPart');
    expect(s3('PUT', '/b/k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': 'a/b' })).toBe('s3:UploadPartCopy');
    expect(s3('DELETE', '/b/k')).toBe('s3:DeleteObject');
    expect(s3('DELETE', '/b/k', 'uploadId=u')).toBe('s3:AbortMultipartUpload');
    expect(s3('GET', '/b')).toBe('s3:ListObjects');
    expect(s3('GET', '/b', 'list-type=2')).toBe('s3:ListObjectsV2');
    expect(s3('GET', '/b', 'list-type=3')).toBe('s3:ListObjects');
    expect(s3('GET', '/b', 'analytics')).toBe('s3:ListBucketAnalyticsConfigurations');
    expect(s3('GET', '/b', 'analytics&id=x')).toBe('s3:GetBucketAnalyticsConfiguration');
    expect(s3('GET', '/b', 'lifecycle')).toBe('s3:GetBucketLifecycleConfiguration');
    expect(s3('PUT', '/b', 'notification')).toBe('s3:PutBucketNotificationConfiguration');
    expect(s3('GET', '/b/k', 'tagging')).toBe('s3:GetObjectTagging');
    expect(s3('GET', '/b', 'tagging')).toBe('s3:GetBucketTagging');
    expect(s3('POST', '/b/k', 'uploads')).toBe('s3:CreateMultipartUpload');
    expect(s3('POST', '/b/k', 'uploadId=u')).toBe('s3:CompleteMultipartUpload');
    expect(s3('POST', '/b', 'delete')).toBe('s3:DeleteObjects');
    expect(s3('GET', '/')).toBe('s3:ListBuckets');
    expect(s3('HEAD', '/b')).toBe('s3:HeadBucket');
    expect(s3('HEAD', '/b/k')).toBe('s3:HeadObject');
    // A specific literal wins even when its required parameter is missing (then validation answers).
    expect(s3('GET', '/b/k', 'attributes')).toBe('s3:GetObjectAttributes');
  });

  it('keeps keys with slashes, encoded characters and trailing slashes', () => {
    const route = routeRequest(req({ method: 'GET', path: '/b/dir/sub/a%20b%2Bc%25.txt' }), { signingName: 's3' });
    if (!route.ok) throw route.error;
    expect(route.pathLabels).toEqual({ Bucket: 'b', Key: 'dir/sub/a b+c%.txt' });
    const dir = routeRequest(req({ method: 'PUT', path: '/b/dir/' }), { signingName: 's3' });
    if (!dir.ok) throw dir.error;
    expect(dir.pathLabels).toEqual({ Bucket: 'b', Key: 'dir/' });
  });

  it('supports virtual-hosted buckets', () => {
    const vhost = (host: string, path = '/k') => routeRequest(req({ method: 'GET', path, headers: { host } }), { signingName: 's3' });
    for (const host of ['my.bucket.s3.us-east-1.amazonaws.com', 'my.bucket.s3.amazonaws.com', 'my.bucket.s3.localhost:4566', 'my.bucket.localhost:4566', 'my.bucket.s3.localhost.localstack.cloud']) {
      const route = vhost(host);
      if (!route.ok) throw route.error;
      expect([route.operation.name, route.pathLabels]).toEqual(['GetObject', { Bucket: 'my.bucket', Key: 'k' }]);
    }
    const list = vhost('bucket.localhost:4566', '/');
    expect(list.ok && [list.operation.name, list.pathLabels]).toEqual(['ListObjects', { Bucket: 'bucket' }]);
    // Path-style hosts.
    for (const host of ['localhost:4566', '127.0.0.1:4566', 's3.us-east-1.amazonaws.com', 's3.localhost', '[::1]:4566']) {
      expect(virtualHostedBucket(host.replace(/:\d+$/, ''))).toBeUndefined();
    }
  });

  it('finds S3 from the Host without a signing name', () => {
    expect(routed(req({ method: 'GET', path: '/k', headers: { host: 'bucket.s3.eu-west-1.amazonaws.com' } }))).toBe('s3:GetObject');
    expect(routed(req({ method: 'GET', path: '/b/k', headers: { host: 's3.eu-west-1.amazonaws.com' } }))).toBe('s3:GetObject');
  });

  it('no matching route: 405 MethodNotAllowed in S3 XML', () => {
    const { response } = refused(req({ method: 'PATCH', path: '/b/k' }), 's3');
    expect(response.status).toBe(405);
    expect(String(response.body)).toContain('<Code>MethodNotAllowed</Code>');
  });
});

describe('requests no service claims', () => {
  it('go to S3 when they could be S3 requests (unsigned or SigV2, as public S3 clients send)', () => {
    expect(routed(req({ method: 'GET', path: '/', headers: { host: 'example.com' } }))).toBe('s3:ListBuckets');
    expect(routed(req({ method: 'GET', path: '/bucket/key', rawQuery: 'AWSAccessKeyId=AKIA&Signature=x&Expires=1' }))).toBe('s3:GetObject');
  });

  it('are answered in the shape of the request otherwise', () => {
    const { route, response } = refused(req({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1' } }));
    expect(route.service).toBeUndefined();
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain('UnknownOperationException');
  });

  it('load no schema to route (only the chosen service is loaded)', () => {
    expect(loadServiceModel('kms').id).toBe('kms');
  });
});
