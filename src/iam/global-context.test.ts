import { describe, expect, it } from 'vitest';
import { globalContext } from './global-context.js';
import { evaluate } from './evaluate.js';
import type { EvaluationPrincipal } from './types.js';

const now = Date.UTC(2025, 0, 2, 3, 4, 5);
const role: EvaluationPrincipal = {
  kind: 'AssumedRole',
  arn: 'arn:aws:sts::111111111111:assumed-role/app/s1',
  accountId: '111111111111',
  roleArn: 'arn:aws:iam::111111111111:role/app',
};

describe('globalContext', () => {
  it('describes a role session', () => {
    const context = globalContext({
      principal: role,
      principalId: 'AROAEXAMPLE:s1',
      principalTags: { team: 'red' },
      organizationId: 'o-abc',
      organizationPaths: ['o-abc/r-1/ou-1/'],
      now,
      sourceIp: '10.0.0.1',
      secureTransport: true,
      requestedRegion: 'us-east-1',
      temporaryCredentials: true,
      multiFactorAuthenticated: true,
      multiFactorAuthAgeSeconds: 30,
      tokenIssueTime: now - 60_000,
      requestTags: { env: 'prod', team: 'red' },
      resourceTags: { owner: 'alice' },
      resourceAccount: '111111111111',
      calledVia: ['cloudformation.amazonaws.com', 'athena.amazonaws.com'],
      userAgent: 'aws-cli/2',
    });
    expect(context).toEqual({
      'aws:CurrentTime': '2025-01-02T03:04:05.000Z',
      'aws:EpochTime': now / 1000,
      'aws:SecureTransport': true,
      'aws:SourceIp': '10.0.0.1',
      'aws:RequestedRegion': 'us-east-1',
      'aws:UserAgent': 'aws-cli/2',
      'aws:PrincipalIsAWSService': false,
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app',
      'aws:PrincipalAccount': '111111111111',
      'aws:userid': 'AROAEXAMPLE:s1',
      'aws:PrincipalOrgID': 'o-abc',
      'aws:PrincipalOrgPaths': ['o-abc/r-1/ou-1/'],
      'aws:PrincipalTag/team': 'red',
      'aws:PrincipalType': 'AssumedRole',
      'aws:MultiFactorAuthPresent': true,
      'aws:MultiFactorAuthAge': 30,
      'aws:TokenIssueTime': '2025-01-02T03:03:05.000Z',
      'aws:RequestTag/env': 'prod',
      'aws:RequestTag/team': 'red',
      'aws:TagKeys': ['env', 'team'],
      'aws:ResourceTag/owner': 'alice',
      'aws:ResourceAccount': '111111111111',
      'aws:ViaAWSService': true,
      'aws:CalledVia': ['cloudformation.amazonaws.com', 'athena.amazonaws.com'],
      'aws:CalledViaFirst': 'cloudformation.amazonaws.com',
      'aws:CalledViaLast': 'athena.amazonaws.com',
    });
  });

  it('leaves out what AWS leaves out', () => {
    const userContext = globalContext({
      principal: { kind: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' },
      userName: 'alice',
      now,
      secureTransport: false,
    });
    expect(userContext['aws:username']).toBe('alice');
    expect(userContext['aws:PrincipalType']).toBe('User');
    expect('aws:MultiFactorAuthPresent' in userContext).toBe(false);
    expect('aws:TagKeys' in userContext).toBe(false);
    expect('aws:CalledVia' in userContext).toBe(false);
    const rootContext = globalContext({ principal: { kind: 'Root', arn: 'arn:aws:iam::111111111111:root', accountId: '111111111111' }, now, secureTransport: true });
    expect(rootContext['aws:PrincipalType']).toBe('Account');
    expect(rootContext['aws:userid']).toBe('111111111111');
    expect('aws:username' in rootContext).toBe(false);
    const serviceContext = globalContext({ principal: { kind: 'AWSService', arn: 'sns.amazonaws.com', accountId: '', service: 'sns.amazonaws.com' }, now, secureTransport: true });
    expect(serviceContext['aws:PrincipalIsAWSService']).toBe(true);
    expect(serviceContext['aws:PrincipalServiceName']).toBe('sns.amazonaws.com');
    expect('aws:PrincipalArn' in serviceContext).toBe(false);
  });

  it('is what the evaluator reads', () => {
    const context = globalContext({ principal: role, now, secureTransport: true, sourceIp: '10.1.1.1' });
    const allowed = evaluate({
      principal: role,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/key',
      resourceAccountId: '111111111111',
      identityPolicies: [
        {
          id: 'p',
          document: JSON.stringify({
            Version: '2012-10-17',
            Statement: {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: {
                Bool: { 'aws:SecureTransport': 'true' },
                IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
                DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z', 'aws:EpochTime': '1800000000' },
                ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' },
              },
            },
          }),
        },
      ],
      context,
    });
    expect(allowed.decision).toBe('Allow');
  });
});
