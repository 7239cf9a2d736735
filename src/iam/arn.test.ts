import { describe, expect, it } from 'vitest';
import { compileArnPattern, splitArn, splitPolicyArn } from './arn.js';
import { ContextLookup } from './context.js';

const none = new ContextLookup({});
const test = (pattern: string, arn: string, shortForm: 'pad' | 'never' = 'never', context = none) =>
  compileArnPattern(pattern, { variables: true, shortForm }).test(splitArn(arn)!, context);

describe('ARNs', () => {
  it('splits into six parts, the last keeping its colons', () => {
    expect(splitArn('arn:aws:logs:us-east-1:111111111111:log-group:app:*')).toEqual(['arn', 'aws', 'logs', 'us-east-1', '111111111111', 'log-group:app:*']);
    expect(splitArn('arn:aws:s3:::bucket/key')).toEqual(['arn', 'aws', 's3', '', '', 'bucket/key']);
    expect(splitArn('*')).toBeUndefined();
    expect(splitArn('arn:aws:s3')).toBeUndefined();
  });

  it('splits policy ARNs around variables, which hold colons', () => {
    expect(splitPolicyArn('arn:aws:s3:::bucket/${aws:username}/*')).toEqual(['arn', 'aws', 's3', '', '', 'bucket/${aws:username}/*']);
    expect(splitPolicyArn('arn:aws:iam::${aws:PrincipalAccount}:user/x')).toEqual(['arn', 'aws', 'iam', '', '${aws:PrincipalAccount}', 'user/x']);
  });

  it('matches part by part', () => {
    expect(test('arn:aws:kms:*:111111111111:key/*', 'arn:aws:kms:us-east-1:111111111111:key/abc')).toBe(true);
    expect(test('arn:aws:kms:us-*:*:key/*', 'arn:aws:kms:eu-west-1:111111111111:key/abc')).toBe(false);
    expect(test('arn:aws:*:*:*:app', 'arn:aws:iam::111111111111:role/app')).toBe(false);
    expect(test('arn:*:*:*:*:*', 'arn:aws:iam::111111111111:role/app')).toBe(true);
  });

  it('pads short patterns only when asked', () => {
    expect(test('arn:aws:kms', 'arn:aws:kms:us-east-1:111111111111:key/abc', 'pad')).toBe(true);
    expect(test('arn:aws:kms', 'arn:aws:kms:us-east-1:111111111111:key/abc', 'never')).toBe(false);
    expect(test('arn:aws:s3', 'arn:aws:kms:us-east-1:111111111111:key/abc', 'pad')).toBe(false);
  });

  it('resolves variables per part', () => {
    const context = new ContextLookup({ 'aws:PrincipalAccount': '111111111111', 'aws:username': 'al*ce' });
    expect(test('arn:aws:iam::${aws:PrincipalAccount}:user/*', 'arn:aws:iam::111111111111:user/bob', 'never', context)).toBe(true);
    expect(test('arn:aws:iam::${aws:PrincipalAccount}:user/*', 'arn:aws:iam::222222222222:user/bob', 'never', context)).toBe(false);
    // A substituted value is literal: its `*` is no wildcard.
    expect(test('arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::1:user/alice', 'never', context)).toBe(false);
    expect(test('arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::1:user/al*ce', 'never', context)).toBe(true);
    expect(test('arn:aws:iam::*:user/${aws:missing}', 'arn:aws:iam::1:user/x', 'never', context)).toBe(false);
  });
});
