import { describe, expect, it } from 'vitest';
import { loadServiceModel } from '../protocol/index.js';
import { auditValue } from './sanitize.js';

const operation = (service: string, name: string) => loadServiceModel(service).getOperation(name)!;

describe('audit sanitizing', () => {
  it('leaves out sensitive members and blobs, names members in lower camel case', () => {
    const encrypt = operation('kms', 'Encrypt');
    expect(
      auditValue(encrypt.input, { KeyId: 'alias/a', Plaintext: Buffer.from('secret'), EncryptionContext: { Purpose: 'test' }, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
    ).toEqual({ keyId: 'alias/a', encryptionContext: { Purpose: 'test' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(auditValue(encrypt.output, { CiphertextBlob: Buffer.from('x'), KeyId: 'k' })).toEqual({ keyId: 'k' });
  });

  it('leaves out credentials and MFA codes even where the model does not mark them sensitive', () => {
    const assumeRole = operation('sts', 'AssumeRole');
    const output = auditValue(assumeRole.output, {
      Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'shh', SessionToken: 'token', Expiration: new Date(0) },
      AssumedRoleUser: { Arn: 'arn:aws:sts::1:assumed-role/r/s', AssumedRoleId: 'AROA:s' },
    });
    expect(output).toEqual({
      credentials: { accessKeyId: 'ASIAEXAMPLE', expiration: '1970-01-01T00:00:00.000Z' },
      assumedRoleUser: { arn: 'arn:aws:sts::1:assumed-role/r/s', assumedRoleId: 'AROA:s' },
    });
    expect(auditValue(assumeRole.input, { RoleArn: 'arn:aws:iam::1:role/r', RoleSessionName: 's', SerialNumber: 'mfa', TokenCode: '123456' })).toEqual({
      roleArn: 'arn:aws:iam::1:role/r',
      roleSessionName: 's',
      serialNumber: 'mfa',
    });
    const createAccessKey = operation('iam', 'CreateAccessKey');
    expect(JSON.stringify(auditValue(createAccessKey.output, { AccessKey: { UserName: 'u', AccessKeyId: 'AKIA', Status: 'Active', SecretAccessKey: 'shh' } }))).not.toContain('shh');
  });
});
