import { describe, expect, it } from 'vitest';
import { grantsPublicAccess, validationFindings } from './policy.js';

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const base = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };

describe('public access to secrets', () => {
  it('is granted by a wildcard principal without a limiting condition', () => {
    expect(grantsPublicAccess(doc({ ...base, Principal: '*' }))).toBe(true);
    expect(grantsPublicAccess(doc({ ...base, Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }))).toBe(true);
    expect(grantsPublicAccess(doc({ ...base, Principal: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }))).toBe(true);
    expect(grantsPublicAccess(doc({ ...base, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }))).toBe(true);
  });

  it('is not granted to named principals or when a condition pins the caller', () => {
    expect(grantsPublicAccess(doc({ ...base, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toBe(false);
    expect(grantsPublicAccess(doc({ ...base, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }))).toBe(false);
    expect(grantsPublicAccess(doc({ ...base, Effect: 'Deny', Principal: '*' }))).toBe(false);
  });

  it('reports broad access and lockout as ValidateResourcePolicy findings', () => {
    expect(validationFindings(doc({ ...base, Principal: '*' })).map((f) => f.CheckName)).toEqual(['BROAD_ACCESS_CHECK']);
    expect(validationFindings(doc({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*' })).map((f) => f.CheckName)).toEqual(['LOCKOUT_CHECK']);
    expect(() => validationFindings('{"Statement": 5}')).toThrow();
  });
});
