// Validation as AWS's front end words it, and the rule that sensitive values never reach error text.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../errors.js';
import { loadServiceModel, parseInput, routeRequest, serializeError } from './index.js';
import type { WireRequest } from './wire.js';

function jsonRequest(target: string, body: unknown): WireRequest {
  return {
    method: 'POST',
    path: '/',
    rawQuery: '',
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', host: 'localhost:4566' },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

function queryRequest(body: string, signingName = 'iam'): [WireRequest, { signingName: string }] {
  return [
    { method: 'POST', path: '/', rawQuery: '', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', host: 'localhost' }, body: Buffer.from(body) },
    { signingName },
  ];
}

/** The AwsError parseInput throws for a request (the test fails if it accepts it). */
function rejection(req: WireRequest, hint: { signingName?: string } = {}): AwsError {
  const route = routeRequest(req, hint);
  if (!route.ok) throw new Error(`not routed: ${route.error.message}`);
  try {
    parseInput(route.service, route.operation, req, route);
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

function accepted(req: WireRequest, hint: { signingName?: string } = {}): Record<string, unknown> {
  const route = routeRequest(req, hint);
  if (!route.ok) throw route.error;
  return parseInput(route.service, route.operation, req, route);
}

describe('validation messages', () => {
  it('reports a too-long string with its value and constraint', () => {
    const error = rejection(jsonRequest('TrentService.DescribeKey', { KeyId: 'k'.repeat(2049) }));
    expect(error.code).toBe('Validation');
    expect(error.message).toBe(
      `1 validation error detected: Value '${'k'.repeat(2049)}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    );
  });

  it('treats an empty string as present, and checks its length', () => {
    const error = rejection(jsonRequest('TrentService.DescribeKey', { KeyId: '' }));
    expect(error.message).toBe("1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it('reports a missing required member as null, and joins several failures', () => {
    const error = rejection(jsonRequest('TrentService.CreateAlias', { AliasName: 'x'.repeat(300) }));
    expect(error.message).toBe(
      `2 validation errors detected: Value '${'x'.repeat(300)}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256; ` +
        "Value null at 'targetKeyId' failed to satisfy constraint: Member must not be null",
    );
  });

  it('checks enums and numeric ranges', () => {
    const error = rejection(jsonRequest('TrentService.ListKeys', { Limit: 0 }));
    expect(error.message).toBe("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    const enumError = rejection(jsonRequest('TrentService.CreateKey', { KeyUsage: 'SIGN_EVERYTHING' }));
    expect(enumError.message).toMatch(
      /^1 validation error detected: Value 'SIGN_EVERYTHING' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: \[SIGN_VERIFY, ENCRYPT_DECRYPT, .*\]$/,
    );
  });

  it('checks patterns (Java syntax, full match)', () => {
    const error = rejection(jsonRequest('TrentService.CreateAlias', { AliasName: 'alias/has space', TargetKeyId: 'k' }));
    expect(error.message).toBe(
      "1 validation error detected: Value 'alias/has space' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
    // \p{L} needs the u flag in JS: letters of any script pass.
    expect(accepted(jsonRequest('TrentService.TagResource', { KeyId: 'k', Tags: [{ TagKey: 'clé✓', TagValue: 'v' }] }))).toBeDefined();
  });

  it('paths list members as name.N.member.field, 1-based', () => {
    const error = rejection(
      jsonRequest('TrentService.TagResource', {
        KeyId: 'k',
        Tags: [
          { TagKey: 'ok', TagValue: 'v' },
          { TagKey: '', TagValue: 'v' },
        ],
      }),
    );
    expect(error.message).toBe("1 validation error detected: Value '' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it('lists all constraints of list items and map keys/values in brackets', () => {
    const grant = rejection(jsonRequest('TrentService.DescribeKey', { KeyId: 'k', GrantTokens: ['ok', ''] }));
    expect(grant.message).toBe(
      "1 validation error detected: Value '[ok, ]' at 'grantTokens' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 8192, Member must have length greater than or equal to 1]",
    );
    const key = 'k'.repeat(51);
    const params = rejection(jsonRequest('AmazonSSM.StartAutomationExecution', { DocumentName: 'doc', Parameters: { [key]: ['v'] } }));
    expect(params.message).toBe(
      `1 validation error detected: Value '{${key}=[v]}' at 'parameters' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 50, Member must have length greater than or equal to 1]`,
    );
  });

  it('a list of strings inside a list of structures', () => {
    const error = rejection(jsonRequest('secretsmanager.ListSecrets', { Filters: [{ Key: 'name', Values: ['x'.repeat(600)] }] }));
    expect(error.message).toMatch(/^1 validation error detected: Value '\[x+\]' at 'filters\.1\.member\.values' failed to satisfy constraint: Member must satisfy constraint: \[Member must have length less than or equal to 512, Member must satisfy regular expression pattern: .*\]$/);
  });

  it('query services answer ValidationError with the same wording', () => {
    const [req, hint] = queryRequest('Action=CreateUser&Version=2010-05-08&UserName=');
    const error = rejection(req, hint);
    expect(error.message).toBe(
      "2 validation errors detected: Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    const response = serializeError(loadServiceModel('iam'), error, 'r1');
    expect(String(response.body)).toContain('<Code>ValidationError</Code>');
    expect(response.status).toBe(400);
  });

  it('S3 checks only required members: MalformedXML in the body, InvalidArgument elsewhere', () => {
    const req: WireRequest = { method: 'PUT', path: '/bucket', rawQuery: 'tagging', headers: { host: 'localhost' }, body: Buffer.from('<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>') };
    const error = rejection(req, { signingName: 's3' });
    const response = serializeError(loadServiceModel('s3'), error, 'r1', req);
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain('<Code>MalformedXML</Code>');
    const missingHeader: WireRequest = { method: 'GET', path: '/bucket/key', rawQuery: 'attributes', headers: { host: 'localhost' }, body: Buffer.alloc(0) };
    const headerError = rejection(missingHeader, { signingName: 's3' });
    expect(String(serializeError(loadServiceModel('s3'), headerError, 'r1', missingHeader).body)).toContain('<Code>InvalidArgument</Code>');
  });
});

describe('sensitive values never reach error text', () => {
  it('omits a sensitive value (KMS Plaintext)', () => {
    const secret = Buffer.alloc(4097, 7).toString('base64');
    const error = rejection(jsonRequest('TrentService.Encrypt', { KeyId: 'k', Plaintext: secret }));
    expect(error.message).toBe("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
    expect(error.message).not.toContain(secret.slice(0, 16));
  });

  it('omits a sensitive string (Secrets Manager SecretString) but shows the others', () => {
    const secret = 'hunter2-super-secret-'.repeat(4000);
    const error = rejection(jsonRequest('secretsmanager.PutSecretValue', { SecretId: '', SecretString: secret }));
    expect(error.message).toContain("Value '' at 'secretId'");
    expect(error.message).toContain("Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536");
    expect(error.message).not.toContain('hunter2');
  });

  it('omits containers of sensitive values and values inside sensitive structures', () => {
    // SSM's maintenance window task parameters: a sensitive map of sensitive structures of sensitive strings.
    const error = rejection(
      jsonRequest('AmazonSSM.RegisterTaskWithMaintenanceWindow', {
        WindowId: 'mw-0123456789abcdef0',
        TaskArn: 'arn',
        TaskType: 'RUN_COMMAND',
        TaskParameters: { commands: { Values: ['topsecret'.repeat(40)] } },
      }),
    );
    expect(error.message).toBe(
      "1 validation error detected: Value at 'taskParameters.commands.member.values' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]",
    );
    expect(error.message).not.toContain('topsecret');
  });

  it('does not echo values in SerializationException messages either', () => {
    const error = rejection(jsonRequest('TrentService.Encrypt', { KeyId: 'k', Plaintext: 'not base64 !!! secret' }));
    expect(error.code).toBe('Serialization');
    expect(error.message).not.toContain('secret');
  });
});
