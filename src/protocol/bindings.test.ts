// HTTP binding traits the served models use little or not at all (query-string maps, jsonvalue
// headers, statusCode members, prefixed header maps, awsQueryCompatible), on a small synthetic model;
// and the building blocks: the XML reader, Java patterns, scalar conversions.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../errors.js';
import { parseInput, serializeError, serializeOutput } from './index.js';
import { compileJavaPattern } from './java-regex.js';
import { ServiceModel } from './model.js';
import type { SchemaDocument } from './schema.js';
import { decodeBase64, isoString, parseTimestampText } from './values.js';
import { parseXml } from './xml-reader.js';

const synthetic: SchemaDocument = {
  format: 1,
  service: {
    id: 'synthetic',
    serviceId: 'Synthetic',
    protocol: 'rest-json',
    apiVersion: '2020-01-01',
    endpointPrefix: 'synth',
    signingName: 'synth',
    errorMessageMember: 'message',
  },
  operations: {
    PutThing: { method: 'PUT', uri: '/things/{Id}?mode=x', status: 201, input: 'PutThingInput', output: 'PutThingOutput' },
  },
  shapes: {
    PutThingInput: {
      type: 'structure',
      required: ['Id'],
      members: {
        Id: { shape: 'Str', location: 'uri', locationName: 'Id' },
        Filters: { shape: 'StrList', location: 'querystring', locationName: 'filter' },
        Extra: { shape: 'StrMap', location: 'querystring' },
        Doc: { shape: 'Str', location: 'header', locationName: 'X-Doc', jsonvalue: true },
        Meta: { shape: 'StrMap', location: 'headers', locationName: 'x-meta-' },
        When: { shape: 'Time', location: 'header', locationName: 'X-When' },
        Flags: { shape: 'StrList', location: 'header', locationName: 'X-Flags' },
        Name: { shape: 'Str', locationName: 'name' },
        Count: { shape: 'Int' },
      },
    },
    PutThingOutput: {
      type: 'structure',
      members: {
        Status: { shape: 'Int', location: 'statusCode' },
        ETag: { shape: 'Str', location: 'header', locationName: 'ETag' },
        Info: { shape: 'Str', location: 'header', locationName: 'X-Info', jsonvalue: true },
        Name: { shape: 'Str', locationName: 'name' },
        At: { shape: 'Time', timestampFormat: 'iso8601' },
      },
    },
    Str: { type: 'string' },
    Int: { type: 'integer' },
    Time: { type: 'timestamp' },
    StrList: { type: 'list', member: { shape: 'Str' } },
    StrMap: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Str' } },
  },
};

describe('REST bindings on a synthetic model', () => {
  const service = new ServiceModel(synthetic);
  const operation = service.getOperation('PutThing')!;

  it('reads labels, query lists and maps, jsonvalue and prefixed headers, header lists and dates', () => {
    const input = parseInput(
      service,
      operation,
      {
        method: 'PUT',
        path: '/things/a%2Fb',
        rawQuery: 'mode=x&filter=1&filter=two+words&color=red',
        headers: {
          'x-doc': Buffer.from(JSON.stringify({ a: [1, 2] })).toString('base64'),
          'x-meta-owner': 'alice',
          'x-meta-team': 'blue',
          'x-when': 'Tue, 29 Apr 2014 18:30:38 GMT',
          'x-flags': 'a, "b,c", d',
        },
        body: Buffer.from('{"name":"n","Count":3,"unknown":true}'),
      },
      { pathLabels: { Id: 'a/b' } },
    );
    expect(input).toEqual({
      Id: 'a/b',
      Filters: ['1', 'two words'],
      // The URI's literal `mode=x` belongs to no member, not even the map of the remaining parameters.
      Extra: { color: 'red' },
      Doc: { a: [1, 2] },
      Meta: { owner: 'alice', team: 'blue' },
      When: new Date(Date.UTC(2014, 3, 29, 18, 30, 38)),
      Flags: ['a', 'b,c', 'd'],
      Name: 'n',
      Count: 3,
    });
  });

  it('writes the status code member, headers and the body', () => {
    const response = serializeOutput(service, operation, { Status: 202, ETag: '"e"', Info: { ok: true }, Name: 'n', At: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 600)) }, 'rid');
    expect(response.status).toBe(202);
    expect(response.headers.etag).toBe('"e"');
    expect(JSON.parse(Buffer.from(response.headers['x-info'], 'base64').toString())).toEqual({ ok: true });
    expect(JSON.parse(String(response.body))).toEqual({ name: 'n', At: '2020-01-02T03:04:05.600Z' });
    expect(serializeOutput(service, operation, {}, 'rid').status).toBe(201);
  });

  it('refuses outputs of the wrong type instead of inventing a serialization', () => {
    expect(() => serializeOutput(service, operation, { Name: 5 }, 'rid')).toThrow(TypeError);
  });
});

describe('awsQueryCompatible json services', () => {
  it('add x-amzn-query-error', () => {
    const service = new ServiceModel({
      ...synthetic,
      service: { ...synthetic.service, protocol: 'json', jsonVersion: '1.0', targetPrefix: 'Synth', awsQueryCompatible: true },
      operations: {},
      shapes: { Boom: { type: 'structure', members: { message: { shape: 'Str' } }, exception: true, error: { code: 'AWS.Boom', status: 400, senderFault: true } }, Str: { type: 'string' } },
    });
    const response = serializeError(service, new AwsError('Boom', 'bang'), 'rid');
    expect(response.headers['x-amzn-query-error']).toBe('AWS.Boom;Sender');
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(String(response.body))).toEqual({ __type: 'AWS.Boom', message: 'bang' });
  });
});

describe('XML reader', () => {
  it('parses elements, attributes, entities and CDATA', () => {
    const root = parseXml('\uFEFF<?xml version="1.0"?><!-- c --><a x="1" y=\'&lt;2&gt;\'><b>t&#x2603;</b><b/><![CDATA[raw]]></a>\n');
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1', y: '<2>' });
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ['b', 't☃'],
      ['b', ''],
    ]);
    expect(root.text).toBe('raw');
  });

  it('refuses documents nested deeper than any AWS document', () => {
    expect(() => parseXml('<a>'.repeat(10_000) + '</a>'.repeat(10_000))).toThrow(/nested too deeply/);
  });

  it.each(['', '<a>', '<a></b>', '<a/><b/>', '<a x=1/>', '<a>&bogus;</a>', '<a>&#0;</a>', '<!DOCTYPE a><a/>', '<a x="1" x="2"/>'])('rejects %j', (xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});

describe('Java patterns', () => {
  it('match the whole value', () => {
    expect(compileJavaPattern('[a-z]+').test('abc')).toBe(true);
    expect(compileJavaPattern('[a-z]+').test('abc1')).toBe(false);
    expect(compileJavaPattern('a|b').test('ab')).toBe(false);
  });

  it('translate inline flags, \\p{..} classes, possessive quantifiers and atomic groups', () => {
    expect(compileJavaPattern('(?i)all|[0-9]{12}').test('ALL')).toBe(true);
    expect(compileJavaPattern('(?s).*').test('a\nb')).toBe(true);
    expect(compileJavaPattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*').test('Ünïcode 123')).toBe(true);
    expect(compileJavaPattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*').test('semi;colon')).toBe(false);
    expect(compileJavaPattern('a*+b').test('aaab')).toBe(true);
    expect(compileJavaPattern('(?>ab)+c').test('ababc')).toBe(true);
    expect(compileJavaPattern('[A-Za-z0-9\\_\\-]+').test('a_b-c')).toBe(true);
  });
});

describe('scalar conversions', () => {
  it('parse the timestamp forms AWS clients send', () => {
    const expected = Date.UTC(2014, 3, 29, 18, 30, 38);
    expect(parseTimestampText('2014-04-29T18:30:38Z').getTime()).toBe(expected);
    expect(parseTimestampText('2014-04-29T18:30:38.000+00:00').getTime()).toBe(expected);
    expect(parseTimestampText('2014-04-29T20:30:38+02:00').getTime()).toBe(expected);
    expect(parseTimestampText('1398796238').getTime()).toBe(expected);
    expect(parseTimestampText('Tue, 29 Apr 2014 18:30:38 GMT').getTime()).toBe(expected);
    expect(() => parseTimestampText('yesterday')).toThrow();
    expect(() => parseTimestampText('2014-13-29T18:30:38Z')).toThrow();
    expect(isoString(new Date(expected))).toBe('2014-04-29T18:30:38Z');
  });

  it('decode base64 strictly', () => {
    expect(decodeBase64('aGk=').toString()).toBe('hi');
    expect(decodeBase64('aGk').toString()).toBe('hi');
    for (const bad of ['a', 'aGk=x', '**==', 'a=Gk']) expect(() => decodeBase64(bad)).toThrow();
  });
});
