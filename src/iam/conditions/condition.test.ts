import { describe, expect, it } from 'vitest';
import { conditionHolds as holds } from '../../../test/iam/helpers.js';

describe('string operators', () => {
  it.each([
    ['StringEquals', 'red', 'red', true],
    ['StringEquals', 'red', 'Red', false],
    ['StringEquals', ['blue', 'red'], 'red', true],
    ['StringNotEquals', 'red', 'blue', true],
    ['StringNotEquals', ['blue', 'red'], 'red', false],
    ['StringEqualsIgnoreCase', 'RED', 'red', true],
    ['StringEqualsIgnoreCase', 'red', 'blue', false],
    ['StringNotEqualsIgnoreCase', 'RED', 'red', false],
    ['StringNotEqualsIgnoreCase', 'RED', 'blue', true],
    ['StringLike', 'r*', 'red', true],
    ['StringLike', 'r?d', 'rod', true],
    ['StringLike', 'r?d', 'road', false],
    ['StringLike', '*', '', true],
    ['StringLike', 'R*', 'red', false],
    ['StringNotLike', 'r*', 'blue', true],
    ['StringNotLike', ['b*', 'r*'], 'red', false],
    ['StringEquals', 'r*', 'red', false], // no wildcards in StringEquals
  ])('%s %j against %j: %s', (operator, values, value, expected) => {
    expect(holds({ [operator]: { 'aws:PrincipalTag/team': values } }, { 'aws:PrincipalTag/team': value })).toBe(expected);
  });

  it('reads non-string context values as text', () => {
    expect(holds({ StringEquals: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true })).toBe(true);
    expect(holds({ StringEquals: { 'aws:EpochTime': '1700000000' } }, { 'aws:EpochTime': 1700000000 })).toBe(true);
  });
});

describe('numeric operators', () => {
  it.each([
    ['NumericEquals', '10', '10', true],
    ['NumericEquals', '10', '10.0', true],
    ['NumericEquals', '10', '11', false],
    ['NumericNotEquals', '10', '11', true],
    ['NumericNotEquals', ['10', '11'], '11', false],
    ['NumericLessThan', '10', '9', true],
    ['NumericLessThan', '10', '10', false],
    ['NumericLessThanEquals', '10', '10', true],
    ['NumericGreaterThan', '10', '11', true],
    ['NumericGreaterThan', '10', '10', false],
    ['NumericGreaterThanEquals', '10', '10', true],
    ['NumericGreaterThanEquals', '0.5', '0.25', false],
    ['NumericEquals', '10', 'ten', false],
    ['NumericNotEquals', '10', 'ten', false], // a malformed value satisfies neither
    ['NumericNotEquals', 'ten', '10', false],
  ])('%s %j against %j: %s', (operator, values, value, expected) => {
    expect(holds({ [operator]: { 'aws:MultiFactorAuthAge': values } }, { 'aws:MultiFactorAuthAge': value })).toBe(expected);
  });

  it('accepts numbers in the policy and in the context', () => {
    expect(holds({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } }, { 'aws:MultiFactorAuthAge': 120 })).toBe(true);
  });
});

describe('date operators', () => {
  const at = '2024-06-15T12:30:00Z';
  it.each([
    ['DateEquals', '2024-06-15T12:30:00Z', at, true],
    ['DateEquals', '2024-06-15T14:30:00+02:00', at, true],
    ['DateEquals', '1718454600', at, true], // epoch seconds
    ['DateNotEquals', '2024-06-15T12:30:01Z', at, true],
    ['DateNotEquals', '2024-06-15T12:30:00Z', at, false],
    ['DateLessThan', '2024-06-16', at, true],
    ['DateLessThan', '2024-06-15T12:30:00Z', at, false],
    ['DateLessThanEquals', '2024-06-15T12:30:00Z', at, true],
    ['DateGreaterThan', '2024-06', at, true],
    ['DateGreaterThan', '2025', '2024-06-15T12:30:00Z', true], // "2025" is epoch second 2025, in 1970
    ['DateGreaterThanEquals', '2024-06-15T12:30:00.000Z', at, true],
    ['DateLessThan', '2024-06-16', 'not a date', false],
    ['DateNotEquals', '2024-06-16', 'not a date', false],
  ])('%s %j against %j: %s', (operator, values, value, expected) => {
    expect(holds({ [operator]: { 'aws:CurrentTime': values } }, { 'aws:CurrentTime': value })).toBe(expected);
  });

  it('reads Date objects and epoch-second numbers from the context', () => {
    expect(holds({ DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, { 'aws:CurrentTime': new Date('2024-06-01T00:00:00Z') })).toBe(true);
    expect(holds({ DateLessThan: { 'aws:EpochTime': '2024-01-01T00:00:00Z' } }, { 'aws:EpochTime': 1700000000 })).toBe(true);
    expect(holds({ DateLessThan: { 'aws:EpochTime': '1700000001' } }, { 'aws:EpochTime': '1700000000' })).toBe(true);
  });
});

describe('Bool and BinaryEquals', () => {
  it.each([
    ['true', true, true],
    ['true', 'true', true],
    ['TRUE', 'True', true],
    ['false', false, true],
    ['true', false, false],
    ['true', 'yes', false],
    ['maybe', true, false],
  ])('Bool %j against %j: %s', (policy, value, expected) => {
    expect(holds({ Bool: { 'aws:SecureTransport': policy } }, { 'aws:SecureTransport': value })).toBe(expected);
  });

  it('accepts a JSON boolean in the policy', () => {
    expect(holds({ Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': false })).toBe(true);
  });

  it('BinaryEquals compares the bytes of base64 values', () => {
    const bytes = Buffer.from('hello, world');
    expect(holds({ BinaryEquals: { 'app:Blob': bytes.toString('base64') } }, { 'app:Blob': bytes })).toBe(true);
    expect(holds({ BinaryEquals: { 'app:Blob': bytes.toString('base64') } }, { 'app:Blob': bytes.toString('base64') })).toBe(true);
    expect(holds({ BinaryEquals: { 'app:Blob': Buffer.from('other').toString('base64') } }, { 'app:Blob': bytes })).toBe(false);
    expect(holds({ BinaryEquals: { 'app:Blob': 'not base64!' } }, { 'app:Blob': bytes })).toBe(false);
  });
});

describe('IpAddress and NotIpAddress', () => {
  it.each([
    ['IpAddress', '203.0.113.0/24', '203.0.113.7', true],
    ['IpAddress', '203.0.113.0/24', '203.0.114.7', false],
    ['IpAddress', '203.0.113.7', '203.0.113.7', true],
    ['IpAddress', '203.0.113.0/25', '203.0.113.200', false],
    ['IpAddress', '0.0.0.0/0', '198.51.100.1', true],
    ['IpAddress', ['10.0.0.0/8', '192.168.0.0/16'], '192.168.4.4', true],
    ['IpAddress', '2001:db8::/32', '2001:db8:1234::1', true],
    ['IpAddress', '2001:db8::/32', '2001:db9::1', false],
    ['IpAddress', '2001:db8::/32', '203.0.113.7', false],
    ['IpAddress', '::ffff:0:0/96', '::ffff:203.0.113.7', true],
    ['NotIpAddress', '10.0.0.0/8', '203.0.113.7', true],
    ['NotIpAddress', '10.0.0.0/8', '10.2.3.4', false],
    ['NotIpAddress', '10.0.0.0/8', '2001:db8::1', true],
    ['IpAddress', '10.0.0.0/8', 'not-an-ip', false],
    ['NotIpAddress', '10.0.0.0/8', 'not-an-ip', false],
    ['IpAddress', '10.0.0.0/33', '10.0.0.1', false],
  ])('%s %j against %j: %s', (operator, values, value, expected) => {
    expect(holds({ [operator]: { 'aws:SourceIp': values } }, { 'aws:SourceIp': value })).toBe(expected);
  });
});

describe('ARN operators', () => {
  const arn = 'arn:aws:iam::111111111111:role/app';
  it.each([
    ['ArnEquals', arn, true],
    ['ArnLike', arn, true],
    ['ArnLike', 'arn:aws:iam::*:role/*', true],
    ['ArnEquals', 'arn:aws:iam::*:role/a??', true],
    ['ArnLike', 'arn:aws:iam::111111111111:user/*', false],
    ['ArnLike', 'arn:aws:iam::*', false], // fewer than six parts never matches
    ['ArnLike', 'arn:aws:*:*:*:app', false], // a wildcard does not span parts (a whole-string glob would match)
    ['ArnNotEquals', 'arn:aws:iam::111111111111:user/x', true],
    ['ArnNotLike', 'arn:aws:iam::*:role/*', false],
    ['ArnLike', 'ARN:AWS:IAM::111111111111:ROLE/APP', false], // case-sensitive
  ])('%s %j: %s', (operator, values, expected) => {
    expect(holds({ [operator]: { 'aws:PrincipalArn': values } }, { 'aws:PrincipalArn': arn })).toBe(expected);
  });

  it('a resource part may hold colons', () => {
    const stream = 'arn:aws:logs:us-east-1:111111111111:log-group:app:log-stream:one';
    expect(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:*:log-group:app:*' } }, { 'aws:SourceArn': stream })).toBe(true);
  });

  it('a context value that is not an ARN satisfies neither the positive nor the negated operators', () => {
    expect(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, { 'aws:SourceArn': 'bucket' })).toBe(false);
    expect(holds({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, { 'aws:SourceArn': 'bucket' })).toBe(false);
  });
});

describe('missing keys', () => {
  it.each([
    ['StringEquals', false],
    ['StringLike', false],
    ['NumericLessThan', false],
    ['DateLessThan', false],
    ['Bool', false],
    ['IpAddress', false],
    ['ArnLike', false],
    ['BinaryEquals', false],
    // Negated operators hold when the key is missing.
    ['StringNotEquals', true],
    ['StringNotEqualsIgnoreCase', true],
    ['StringNotLike', true],
    ['NumericNotEquals', true],
    ['DateNotEquals', true],
    ['NotIpAddress', true],
    ['ArnNotEquals', true],
    ['ArnNotLike', true],
    // ...IfExists holds when the key is missing, whatever the operator.
    ['StringEqualsIfExists', true],
    ['NumericGreaterThanIfExists', true],
    ['BoolIfExists', true],
    ['IpAddressIfExists', true],
    ['ArnLikeIfExists', true],
  ])('%s: %s', (operator, expected) => {
    expect(holds({ [operator]: { 'app:Missing': 'x' } }, {})).toBe(expected);
  });

  it('IfExists compares a present key normally', () => {
    expect(holds({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }, { 'aws:PrincipalTag/team': 'blue' })).toBe(false);
    expect(holds({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }, { 'aws:PrincipalTag/team': 'red' })).toBe(true);
  });

  it('a key set to undefined is missing', () => {
    expect(holds({ StringNotEquals: { 'aws:username': 'bob' } }, { 'aws:username': undefined })).toBe(true);
    expect(holds({ Null: { 'aws:username': 'true' } }, { 'aws:username': undefined })).toBe(true);
  });
});

describe('Null', () => {
  it.each([
    ['true', {}, true],
    ['true', { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, false],
    ['false', { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, true],
    ['false', {}, false],
    [['true', 'false'], {}, true],
  ])('Null %j with %j: %s', (value, context, expected) => {
    expect(holds({ Null: { 'aws:TokenIssueTime': value } }, context)).toBe(expected);
  });

  it('accepts a JSON boolean', () => {
    expect(holds({ Null: { 'aws:TokenIssueTime': true } }, {})).toBe(true);
  });
});

describe('set qualifiers and multivalued keys', () => {
  const tags = { 'aws:TagKeys': ['env', 'team'] };
  it.each([
    ['ForAnyValue:StringEquals', ['team'], tags, true],
    ['ForAnyValue:StringEquals', ['cost'], tags, false],
    ['ForAllValues:StringEquals', ['env', 'team', 'cost'], tags, true],
    ['ForAllValues:StringEquals', ['env'], tags, false],
    ['ForAnyValue:StringLike', ['t*'], tags, true],
    ['ForAllValues:StringLike', ['*e*'], tags, true],
    ['ForAnyValue:StringNotEquals', ['env'], tags, true], // "team" is not "env"
    ['ForAllValues:StringNotEquals', ['env'], tags, false], // "env" is
    ['ForAllValues:StringNotEquals', ['cost'], tags, true],
    // Missing key: ForAllValues holds (vacuously), ForAnyValue does not.
    ['ForAllValues:StringEquals', ['env'], {}, true],
    ['ForAnyValue:StringEquals', ['env'], {}, false],
    // An empty set: the same.
    ['ForAllValues:StringEquals', ['env'], { 'aws:TagKeys': [] }, true],
    ['ForAnyValue:StringEquals', ['env'], { 'aws:TagKeys': [] }, false],
    // A single value is a set of one.
    ['ForAnyValue:StringEquals', ['env'], { 'aws:TagKeys': 'env' }, true],
    ['ForAllValues:StringEquals', ['team'], { 'aws:TagKeys': 'env' }, false],
    // Without a qualifier a multivalued key never matches, negated or not.
    ['StringEquals', ['env'], tags, false],
    ['StringLike', ['*'], tags, false],
    ['StringNotEquals', ['cost'], tags, false],
    ['StringEqualsIfExists', ['env'], tags, false],
    // IfExists with a qualifier: a missing key holds.
    ['ForAnyValue:StringEqualsIfExists', ['env'], {}, true],
  ])('%s %j with %j: %s', (operator, values, context, expected) => {
    expect(holds({ [operator]: { 'aws:TagKeys': values } }, context)).toBe(expected);
  });

  it('qualifies every operator family', () => {
    expect(holds({ 'ForAnyValue:IpAddress': { 'app:Addresses': '10.0.0.0/8' } }, { 'app:Addresses': ['192.0.2.1', '10.9.9.9'] })).toBe(true);
    expect(holds({ 'ForAllValues:NumericLessThan': { 'app:Sizes': '10' } }, { 'app:Sizes': ['1', '9', '12'] })).toBe(false);
    expect(holds({ 'ForAllValues:ArnLike': { 'aws:CalledVia': 'arn:aws:*:*:*:*' } }, { 'aws:CalledVia': ['athena.amazonaws.com'] })).toBe(false);
    expect(holds({ 'ForAnyValue:DateGreaterThan': { 'app:Dates': '2024-01-01' } }, { 'app:Dates': ['2023-01-01', '2025-01-01'] })).toBe(true);
  });
});

describe('combining', () => {
  const context = { 'aws:PrincipalTag/team': 'red', 'aws:SourceIp': '10.1.1.1' };
  it('several values of one key are ORed', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': ['blue', 'red'] } }, context)).toBe(true);
  });
  it('several keys under one operator are ANDed', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'red', 'aws:RequestedRegion': 'us-east-1' } }, context)).toBe(false);
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'red', 'aws:RequestedRegion': 'us-east-1' } }, { ...context, 'aws:RequestedRegion': 'us-east-1' })).toBe(true);
  });
  it('several operators are ANDed', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'red' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context)).toBe(true);
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'red' }, NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context)).toBe(false);
  });
  it('an empty Condition block always holds', () => {
    expect(holds({}, {})).toBe(true);
  });
  it('condition keys compare case-insensitively, values per operator', () => {
    expect(holds({ StringEquals: { 'AWS:PRINCIPALTAG/TEAM': 'red' } }, context)).toBe(true);
    expect(holds({ StringEquals: { 'aws:principaltag/team': 'RED' } }, context)).toBe(false);
    expect(holds({ Null: { 'AWS:SOURCEIP': 'false' } }, context)).toBe(true);
  });
});

describe('policy variables in condition values', () => {
  const context = { 'aws:username': 'alice', 'aws:PrincipalTag/owner': 'alice', 'aws:PrincipalTag/team': 'red' };
  it('substitutes request values', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }, context)).toBe(true);
    expect(holds({ StringLike: { 'app:Path': 'home/${aws:username}/*' } }, { ...context, 'app:Path': 'home/alice/notes' })).toBe(true);
    expect(holds({ StringLike: { 'app:Path': 'home/${aws:username}/*' } }, { ...context, 'app:Path': 'home/bob/notes' })).toBe(false);
    expect(holds({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/${aws:username}' } }, { ...context, 'aws:PrincipalArn': 'arn:aws:iam::1:user/alice' })).toBe(true);
    expect(holds({ Bool: { 'app:Flag': '${app:Expected}' } }, { 'app:Flag': true, 'app:Expected': 'true' })).toBe(true);
  });
  it('a variable with no value makes the value unable to match, negated operators included', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/missing}' } }, context)).toBe(false);
    expect(holds({ StringNotEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/missing}' } }, context)).toBe(false);
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': ['${aws:PrincipalTag/missing}', 'red'] } }, context)).toBe(true);
  });
  it('uses the default value of a missing key', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': "${aws:PrincipalTag/missing, 'red'}" } }, context)).toBe(true);
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': "${aws:PrincipalTag/owner, 'red'}" } }, context)).toBe(false);
  });
  it('${*}, ${?} and ${$} are literal characters', () => {
    expect(holds({ StringEquals: { 'app:Name': 'a${*}b' } }, { 'app:Name': 'a*b' })).toBe(true);
    expect(holds({ StringLike: { 'app:Name': 'a${*}b' } }, { 'app:Name': 'axxb' })).toBe(false);
    expect(holds({ StringLike: { 'app:Name': 'a${?}*' } }, { 'app:Name': 'a?z' })).toBe(true);
    expect(holds({ StringEquals: { 'app:Name': '${$}{aws:username}' } }, { 'app:Name': '${aws:username}' })).toBe(true);
  });
  it('a multivalued key is no variable value', () => {
    expect(holds({ StringEquals: { 'app:Name': '${aws:TagKeys}' } }, { 'app:Name': 'env', 'aws:TagKeys': ['env'] })).toBe(false);
  });
  it('numeric, date and IP values are never substituted', () => {
    expect(holds({ NumericEquals: { 'app:N': '${app:M}' } }, { 'app:N': '1', 'app:M': '1' })).toBe(false);
  });
  it('only Version 2012-10-17 has variables: before it they are literal text', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }, context, '2008-10-17')).toBe(false);
    expect(holds({ StringEquals: { 'app:Raw': '${aws:username}' } }, { 'app:Raw': '${aws:username}' }, null)).toBe(true);
  });
});
