// Requests that cannot be parsed: each protocol's own error, as the client sees it on the wire.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../errors.js';
import { loadServiceModel, parseInput, routeRequest, serializeError } from './index.js';
import type { WireRequest, WireResponse } from './wire.js';

function respond(req: WireRequest, hint: { signingName?: string } = {}): { error: AwsError; response: WireResponse } {
  const route = routeRequest(req, hint);
  if (!route.ok) return { error: route.error, response: serializeError(route.service, route.error, 'rid', req) };
  try {
    parseInput(route.service, route.operation, req, route);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    return { error, response: serializeError(route.service, error, 'rid', req) };
  }
  throw new Error('the request was accepted');
}

const kms = (body: string): WireRequest => ({
  method: 'POST',
  path: '/',
  rawQuery: '',
  headers: { 'x-amz-target': 'TrentService.Encrypt', 'content-type': 'application/x-amz-json-1.1' },
  body: Buffer.from(body),
});

function jsonBody(response: WireResponse): Record<string, unknown> {
  return JSON.parse(String(response.body)) as Record<string, unknown>;
}

describe('json protocol', () => {
  it('answers SerializationException 400 to a body that is not JSON', () => {
    const { response } = respond(kms('{"KeyId": "k", '));
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(jsonBody(response)).toEqual({ __type: 'SerializationException', message: 'The request body is not valid JSON.' });
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(response.headers['x-amzn-requestid']).toBe('rid');
  });

  it('names the JSON token and the expected type for a value of the wrong type', () => {
    expect(jsonBody(respond(kms('{"KeyId": 5, "Plaintext": "AA=="}')).response).message).toBe('NUMBER_VALUE can not be converted to a String');
    expect(jsonBody(respond(kms('{"KeyId": "k", "Plaintext": "AA==", "GrantTokens": "t"}')).response).message).toBe('STRING_VALUE can not be converted to a List');
    expect(jsonBody(respond(kms('{"KeyId": {"a": 1}, "Plaintext": "AA=="}')).response).message).toBe('Start of structure or map found where not expected.');
    expect(jsonBody(respond(kms('{"KeyId": ["a"], "Plaintext": "AA=="}')).response).message).toBe('Start of list found where not expected');
    expect(jsonBody(respond(kms('{"KeyId": "k", "Plaintext": "AA==", "DryRun": "yes"}')).response).message).toBe('STRING_VALUE can not be converted to a Boolean');
    expect(jsonBody(respond(kms('[1, 2]')).response).message).toBe('Start of list found where not expected');
  });

  it('rejects bad base64, non-integral integers and unparseable timestamps', () => {
    expect(respond(kms('{"KeyId": "k", "Plaintext": "not*base64"}')).response.headers['x-amzn-errortype']).toBe('SerializationException');
    const limit: WireRequest = { ...kms('{"Limit": 1.5}'), headers: { 'x-amz-target': 'TrentService.ListKeys' } };
    expect(jsonBody(respond(limit).response).message).toBe('NUMBER_VALUE can not be converted to an Integer');
    const importKey: WireRequest = {
      ...kms('{"KeyId": "k", "ImportToken": "AA==", "EncryptedKeyMaterial": "AA==", "ValidTo": "not a date"}'),
      headers: { 'x-amz-target': 'TrentService.ImportKeyMaterial' },
    };
    expect(respond(importKey).response.headers['x-amzn-errortype']).toBe('SerializationException');
  });

  it('accepts an empty body as {} (then validation speaks)', () => {
    const { response } = respond(kms(''));
    expect(response.headers['x-amzn-errortype']).toBe('ValidationException');
  });
});

describe('query protocol', () => {
  const iam = (body: string): WireRequest => ({
    method: 'POST',
    path: '/',
    rawQuery: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(body),
  });

  it('answers MalformedQueryString to a non-numeric integer, with the query error envelope', () => {
    const { response } = respond(iam('Action=ListUsers&Version=2010-05-08&MaxItems=abc'), { signingName: 'iam' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('text/xml');
    expect(String(response.body)).toMatch(
      /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>MalformedQueryString<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>rid<\/RequestId><\/ErrorResponse>$/,
    );
  });

  it('answers MalformedQueryString to broken percent-encoding', () => {
    const { response } = respond(iam('Action=ListUsers&Version=2010-05-08&PathPrefix=%E0%A4%A'), { signingName: 'iam' });
    expect(String(response.body)).toContain('<Code>MalformedQueryString</Code>');
  });

  it('rejects a decimal where an integer belongs, and a boolean that is neither true nor false', () => {
    expect(String(respond(iam('Action=ListUsers&Version=2010-05-08&MaxItems=1.5'), { signingName: 'iam' }).response.body)).toContain(
      '<Code>MalformedQueryString</Code>',
    );
    const bool = respond(iam('Action=UpdateAccountPasswordPolicy&Version=2010-05-08&RequireSymbols=maybe'), { signingName: 'iam' });
    expect(String(bool.response.body)).toContain('<Code>MalformedQueryString</Code>');
  });
});

describe('rest-json protocol', () => {
  it('answers SerializationException to a malformed JSON body', () => {
    const req: WireRequest = { method: 'POST', path: '/detector', rawQuery: '', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"enable": tru') };
    const { response } = respond(req, { signingName: 'guardduty' });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(jsonBody(response)).toEqual({ Message: 'The request body is not valid JSON.' });
  });

  it('rejects a non-numeric query parameter', () => {
    const req: WireRequest = { method: 'GET', path: '/detector', rawQuery: 'maxResults=many', headers: {}, body: Buffer.alloc(0) };
    expect(respond(req, { signingName: 'guardduty' }).response.headers['x-amzn-errortype']).toBe('SerializationException');
  });
});

describe('rest-xml protocol (S3)', () => {
  const put = (body: string): WireRequest => ({ method: 'PUT', path: '/bucket', rawQuery: 'tagging', headers: { host: 'localhost' }, body: Buffer.from(body) });

  it.each([
    ['mismatched tags', '<Tagging><TagSet></Tagging>'],
    ['two roots', '<Tagging><TagSet/></Tagging><Tagging/>'],
    ['text outside the root', 'hello <Tagging/>'],
    ['an unknown entity', '<Tagging><TagSet><Tag><Key>&nbsp;</Key><Value>v</Value></Tag></TagSet></Tagging>'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><Tagging><TagSet/></Tagging>'],
    ['not XML at all', '{"json": true}'],
  ])('answers MalformedXML to %s', (_name, body) => {
    const { response } = respond(put(body), { signingName: 's3' });
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain(
      '<Error><Code>MalformedXML</Code><Message>The XML you provided was not well-formed or did not validate against our published schema</Message>',
    );
  });

  it('answers MalformedXML to a value of the wrong type inside the XML', () => {
    const req: WireRequest = {
      method: 'PUT',
      path: '/bucket',
      rawQuery: 'versioning',
      headers: {},
      body: Buffer.from('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>'),
    };
    expect(() => respond(req, { signingName: 's3' })).toThrow('accepted');
    const lifecycle: WireRequest = {
      method: 'PUT',
      path: '/bucket',
      rawQuery: 'lifecycle',
      headers: {},
      body: Buffer.from('<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>soon</Days></Expiration></Rule></LifecycleConfiguration>'),
    };
    expect(String(respond(lifecycle, { signingName: 's3' }).response.body)).toContain('<Code>MalformedXML</Code>');
  });

  it('reads entities, character references, CDATA and keeps whitespace in text', () => {
    const req = put('<?xml version="1.0"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key> a&amp;b&#13;&#x41;</Key><Value><![CDATA[<x>]]></Value></Tag></TagSet></Tagging>');
    const route = routeRequest(req, { signingName: 's3' });
    if (!route.ok) throw route.error;
    const input = parseInput(route.service, route.operation, req, route);
    expect(input.Tagging).toEqual({ TagSet: [{ Key: ' a&b\rA', Value: '<x>' }] });
  });

  it('answers a wrong-typed header with InvalidArgument', () => {
    const req: WireRequest = { method: 'GET', path: '/bucket', rawQuery: 'list-type=2&max-keys=lots', headers: {}, body: Buffer.alloc(0) };
    const { response } = respond(req, { signingName: 's3' });
    expect(String(response.body)).toContain('<Code>InvalidArgument</Code>');
  });
});

describe('the service model', () => {
  it('resolves IAM exceptions to their wire codes', () => {
    const iam = loadServiceModel('iam');
    const response = serializeError(iam, new AwsError('NoSuchEntityException', 'The user with name x cannot be found.'), 'rid');
    expect(response.status).toBe(404);
    expect(String(response.body)).toContain('<Code>NoSuchEntity</Code>');
    // The wire code names the same shape.
    expect(serializeError(iam, new AwsError('NoSuchEntity', 'x'), 'rid').status).toBe(404);
  });
});
