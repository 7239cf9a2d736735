import { describe, expect, it } from 'vitest';
import { PolicyValidationError } from './errors.js';
import { clearPolicyCache, compiledPolicy, parsePolicy } from './parse.js';
import type { PolicyKind } from './messages.js';

const V = '2012-10-17';
const S3_BUCKET = 'arn:aws:s3:::example_bucket';

function refusal(document: unknown, kind: PolicyKind = 'identity', service?: string): string {
  try {
    parsePolicy(typeof document === 'string' ? document : JSON.stringify(document), { kind, service });
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError);
    return (error as PolicyValidationError).message;
  }
  return 'accepted';
}

const stmt = (extra: Record<string, unknown>) => ({ Version: V, Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: S3_BUCKET, ...extra } });

describe('IAM identity policies: AWS messages (CreatePolicy / PutUserPolicy)', () => {
  it.each<[string, unknown, string]>([
    ['not JSON', 'This is not a json document', 'Syntax errors in policy.'],
    ['no Version', { Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: S3_BUCKET } }, 'Policy document must be version 2012-10-17 or greater.'],
    ['Version 2008-10-17', { ...stmt({}), Version: '2008-10-17' }, 'Policy document must be version 2012-10-17 or greater.'],
    ['unknown Version', { ...stmt({}), Version: '2013-10-17' }, 'Syntax errors in policy.'],
    ['no Statement', { Version: V }, 'Syntax errors in policy.'],
    ['empty Statement list', { Version: V, Statement: [] }, 'Syntax errors in policy.'],
    ['Statement of strings', { Version: V, Statement: ['afd'] }, 'Syntax errors in policy.'],
    ['unknown top-level field', { ...stmt({}), 'Extra field': 'value' }, 'Syntax errors in policy.'],
    ['unknown statement field', stmt({ 'Extra field': 'value' }), 'Syntax errors in policy.'],
    ['Id not a string', { ...stmt({}), Id: ['x'] }, 'Syntax errors in policy.'],
    ['Effect not Allow/Deny', stmt({ Effect: 'invalid' }), 'Syntax errors in policy.'],
    ['no Effect', { Version: V, Statement: { Action: 's3:ListBucket', Resource: S3_BUCKET } }, 'Syntax errors in policy.'],
    ['Effect in other case', stmt({ Effect: 'denY' }), 'The policy failed legacy parsing'],
    ['action without vendor', stmt({ Action: 'invalid' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['empty NotAction', { Version: V, Statement: { Effect: 'Allow', NotAction: '', Resource: S3_BUCKET } }, 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['invalid vendor', stmt({ Action: 'a a:ListBucket' }), 'Vendor a a is not valid'],
    ['two colons', stmt({ Action: 's3:List:Bucket' }), 'Actions/Condition can contain only one colon.'],
    ['resource not an ARN', stmt({ Resource: 'invalid resource' }), 'Resource invalid resource must be in ARN format or "*".'],
    ['empty resource', stmt({ Resource: '' }), 'Resource  must be in ARN format or "*".'],
    ['unknown partition, short', stmt({ Resource: 'a:bsdfdsafsad' }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
    ['unknown partition', stmt({ Resource: 'a:b:c:d:e:f:g:h' }), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".'],
    ['no arn prefix', stmt({ Resource: 'aws:s3:::example_bucket' }), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'],
    [
      'the error of the last resource in reverse order',
      stmt({ Resource: ['arn:error:s3:::example_bucket', 'arn:error:s3::example_bucket'] }),
      'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".',
    ],
    ['no resource', { Version: V, Statement: { Effect: 'Allow', Action: 's3:ListBucket' } }, 'Policy statement must contain resources.'],
    ['empty resource list', stmt({ Resource: [] }), 'Policy statement must contain resources.'],
    ['no action', { Version: V, Statement: { Effect: 'Allow', Resource: S3_BUCKET } }, 'Policy statement must contain actions.'],
    ['empty action list', stmt({ Action: [] }), 'Policy statement must contain actions.'],
    [
      'IAM resource path',
      stmt({ Resource: 'arn:aws:iam:::example_bucket' }),
      'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
    ],
    ['legacy short resource', stmt({ Resource: 'arn:aws:s3::example_bucket' }), 'The policy failed legacy parsing'],
    ['vendor not qualified', stmt({ Resource: 'arn:aws' }), 'Resource vendor must be fully qualified and cannot contain regexes.'],
    ['IAM resource with region', stmt({ Resource: 'arn:aws:iam:us-east-1::example_bucket' }), 'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.'],
    ['S3 resource with region', stmt({ Resource: 'arn:aws:s3:us-east-1::example_bucket' }), 'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.'],
    ['Resource an object', stmt({ Resource: { a: S3_BUCKET } }), 'Syntax errors in policy.'],
    ['Resource and NotResource', stmt({ NotResource: '*' }), 'Syntax errors in policy.'],
    ['Action and NotAction', stmt({ NotAction: 'iam:dsf' }), 'Syntax errors in policy.'],
    ['Condition a list', stmt({ Condition: [] }), 'Syntax errors in policy.'],
    ['unknown operator', stmt({ Condition: { x: { a: '1' } } }), 'Syntax errors in policy.'],
    ['malformed qualifier', stmt({ Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } }), 'Syntax errors in policy.'],
    ['condition value an object', stmt({ Condition: { DateGreaterThan: { a: {} } } }), 'Syntax errors in policy.'],
    ['bad date', stmt({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), 'The policy failed legacy parsing'],
    ['bad month', stmt({ Condition: { DateLessThanEquals: { a: '234-13' } } }), 'The policy failed legacy parsing'],
    ['epoch too large', stmt({ Condition: { DateLessThan: { a: '9223372036854775808' } } }), 'The policy failed legacy parsing'],
    ['Sid not a string', stmt({ Sid: {} }), 'Syntax errors in policy.'],
    [
      'duplicate Sid',
      { Version: V, Statement: [{ Sid: 'sdf', Effect: 'Allow', Action: 's3:ListBucket', Resource: S3_BUCKET }, { Sid: 'sdf', Effect: 'Allow' }] },
      'Statement IDs (SID) in a single policy must be unique.',
    ],
    ['Sid with spaces', stmt({ Sid: 'Read buckets' }), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'],
    ['a principal', stmt({ Principal: { AWS: '111111111111' } }), 'Policy document should not specify a principal.'],
    ['a NotPrincipal', stmt({ NotPrincipal: '*' }), 'Policy document should not specify a principal.'],
  ])('%s', (_name, document, message) => {
    expect(refusal(document)).toBe(message);
  });

  it.each<[string, unknown]>([
    ['a plain statement', stmt({})],
    ['odd but valid action text', stmt({ Action: 'iam: asdf safdsf af ' })],
    ['"*" among resources', stmt({ Resource: [S3_BUCKET, '*'] })],
    ['unknown service in a resource', stmt({ Resource: 'arn:aws:invalid-service:us-east-1::example_bucket' })],
    ['short resource', stmt({ Resource: 'arn:aws:fdsasf' })],
    ['empty Condition', stmt({ Condition: {} })],
    ['unknown operator without keys', stmt({ Condition: { x: {}, y: {} } })],
    ['IfExists with a qualifier', stmt({ Condition: { 'ForAnyValue:StringEqualsIfExists': { a: 'asf' } } })],
    ['date formats', stmt({ Condition: { DateLessThanEquals: { a: ['2016-12-13T21:20:37.593194+00:00', '2019-07-01T13:20:15Z', '01T', '-292275054'] } } })],
    ['JSON numbers and booleans as condition values', stmt({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true } } })],
    ['policy variables', stmt({ Resource: 'arn:aws:iam::*:user/${aws:username}' })],
    ['NotAction with NotResource', { Version: V, Statement: { Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' } }],
    ['Id', { ...stmt({}), Id: 'sdfsdfsdf' }],
  ])('accepts %s', (_name, document) => {
    expect(refusal(document)).toBe('accepted');
  });

  it('measures size without whitespace, against 6,144 characters', () => {
    const padded = JSON.stringify(stmt({})).replaceAll(',', `,${' '.repeat(4000)}\n`);
    expect(padded.length).toBeGreaterThan(6144);
    expect(refusal(padded)).toBe('accepted');
    const big = stmt({ Action: Array.from({ length: 600 }, (_, i) => `s3:Action${i}`) });
    expect(refusal(big)).toBe('Cannot exceed quota for PolicySize: 6144');
    try {
      parsePolicy(JSON.stringify(big), { kind: 'identity' });
    } catch (error) {
      expect((error as PolicyValidationError).code).toBe('LimitExceeded');
    }
    expect(() => parsePolicy(JSON.stringify(big), { kind: 'identity', maxSize: 20000 })).not.toThrow();
  });

  it('applies the same rules to permissions boundaries, and no principal to session policies and SCPs', () => {
    expect(refusal({ Statement: stmt({}).Statement }, 'boundary')).toBe('Policy document must be version 2012-10-17 or greater.');
    expect(refusal(stmt({ Principal: '*' }), 'session')).toBe('Policy document should not specify a principal.');
    expect(refusal({ ...stmt({}), Version: '2008-10-17' }, 'session')).toBe('accepted');
  });
});

describe('trust policies (CreateRole / UpdateAssumeRolePolicy)', () => {
  const trust = (extra: Record<string, unknown>) => ({
    Version: V,
    Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' }, ...extra },
  });
  it.each<[string, unknown, string]>([
    ['a service', trust({}), 'accepted'],
    ['an account and a role', trust({ Principal: { AWS: ['111111111111', 'arn:aws:iam::111111111111:role/admin'] } }), 'accepted'],
    ['a federated provider', trust({ Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }), 'accepted'],
    ['Version 2008-10-17', { ...trust({}), Version: '2008-10-17' }, 'accepted'],
    ['tagging a session', trust({ Action: ['sts:AssumeRole', 'sts:TagSession'] }), 'accepted'],
    [
      'no principal',
      { Version: V, Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } },
      'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
    ],
    ['a principal with a wildcard', trust({ Principal: { AWS: 'arn:aws:iam::111111111111:role/*' } }), 'Invalid principal in policy: "AWS":"arn:aws:iam::111111111111:role/*"'],
    ['a Resource', trust({ Resource: '*' }), 'Has prohibited field Resource.'],
    ['a non-STS action', trust({ Action: 's3:GetObject' }), 'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML, and sts:AssumeRoleWithWebIdentity'],
    ['a NotPrincipal', trust({ Principal: undefined, NotPrincipal: { AWS: '111111111111' } }), 'Invalid principal in policy: "AWS":"111111111111"'],
  ])('%s', (_name, document, message) => {
    expect(refusal(document, 'trust')).toBe(message);
  });
});

describe('resource policies (S3 wording), KMS key policies, Organizations', () => {
  const resource = (extra: Record<string, unknown>) => ({
    Version: V,
    Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 's3:GetObject', Resource: `${S3_BUCKET}/*`, ...extra },
  });
  it.each<[string, unknown, string]>([
    ['a valid policy', resource({}), 'accepted'],
    ['an old policy without Version', { Statement: resource({}).Statement }, 'accepted'],
    ['Sids with spaces', resource({ Sid: 'Allow the app' }), 'accepted'],
    ['not JSON', 'invalid json', "Policies must be valid JSON and the first byte must be '{'"],
    ['broken JSON', '{"Statement": [', 'This policy contains invalid Json'],
    ['no Statement', {}, 'Missing required field Statement'],
    ['empty Statement', { Version: V, Statement: [] }, 'Could not parse the policy: Statement is empty!'],
    ['unknown field', { ...resource({}), Foo: 1 }, 'Unknown field Foo'],
    ['unknown statement field', resource({ Bar: 1 }), 'Unknown field Bar'],
    ['no Principal', resource({ Principal: undefined }), 'Missing required field Principal'],
    ['an invalid principal', resource({ Principal: { AWS: 'alice' } }), 'Invalid principal in policy'],
    ['Principal and NotPrincipal', resource({ NotPrincipal: '*' }), 'Statement/policy already has instance of Principal'],
    ['no Effect', resource({ Effect: undefined }), 'Missing required field Effect'],
    ['an invalid Effect', resource({ Effect: 'hello' }), 'Invalid effect: hello'],
    ['an Effect in other case', resource({ Effect: 'allow' }), 'Invalid effect: allow'],
    ['an invalid version', { ...resource({}), Version: '2020-01-01' }, 'The policy must contain a valid version string'],
    ['an invalid action', resource({ Action: 'invalid_action' }), 'Policy has invalid action'],
    ['an invalid resource', resource({ Resource: 'bucket' }), 'Policy has invalid resource'],
    ['an unknown operator', resource({ Condition: { StringEqualz: { 'aws:SourceIp': 'x' } } }), 'Invalid Condition type : StringEqualz'],
    ['no Action', resource({ Action: undefined }), 'Missing required field Action'],
    ['no Resource', resource({ Resource: undefined }), 'Missing required field Resource'],
  ])('%s', (_name, document, message) => {
    expect(refusal(document, 'resource')).toBe(message);
  });

  it('KMS key policies: KMS wording for principals, 32 KB', () => {
    const keyPolicy = (principal: unknown) => ({ Version: V, Statement: { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' } });
    expect(refusal(keyPolicy({ AWS: 'arn:aws:iam::111111111111:root' }), 'resource', 'kms')).toBe('accepted');
    expect(refusal(keyPolicy({ AWS: 'not-an-arn' }), 'resource', 'kms')).toBe('Policy contains a statement with one or more invalid principals.');
    expect(refusal({ Version: V, Statement: { Effect: 'Allow', Action: 'kms:*', Resource: '*' } }, 'resource', 'kms')).toBe('Policy contains a statement with one or more invalid principals.');
    const large = keyPolicy({ AWS: Array.from({ length: 600 }, (_, i) => `arn:aws:iam::111111111111:user/user-number-${i}`) });
    const size = JSON.stringify(large).length;
    expect(size).toBeGreaterThan(20480);
    expect(size).toBeLessThan(32768);
    expect(refusal(large, 'resource', 'kms')).toBe('accepted');
    expect(refusal(large, 'resource')).toBe('Policy exceeds the maximum allowed document size.');
  });

  it('SCPs and RCPs: one Organizations message', () => {
    const message = 'The provided policy document does not meet the requirements of the specified policy type.';
    expect(refusal({ Version: V, Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*' } }, 'scp')).toBe('accepted');
    expect(refusal({ Version: V, Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*', Principal: '*' } }, 'scp')).toBe(message);
    expect(refusal({ Version: V, Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*', Principal: '*' } }, 'rcp')).toBe('accepted');
    expect(refusal({ Version: V, Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*', Principal: { AWS: '111111111111' } } }, 'rcp')).toBe(message);
    expect(refusal({ Version: V, Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*' } }, 'rcp')).toBe(message);
    expect(refusal({ Version: V, Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*', Principal: '*' } }, 'rcp')).toBe(message);
    expect(refusal({ Version: V, Statement: { Effect: 'Deny', Action: '*', Resource: '*', Principal: '*' } }, 'rcp')).toBe(message);
    expect(refusal({ Version: V, Statement: { Effect: 'Deny', NotAction: 's3:*', Resource: '*', Principal: '*' } }, 'rcp')).toBe(message);
    expect(refusal('nope', 'scp')).toBe(message);
  });
});

describe('compiling for evaluation', () => {
  it('caches compiled policies by text and kind', () => {
    clearPolicyCache();
    const text = JSON.stringify(stmt({}));
    const first = compiledPolicy(text, 'identity');
    expect(compiledPolicy(text, 'identity')).toBe(first);
    expect(compiledPolicy(`${text}`.slice(0), 'identity')).toBe(first);
    expect(compiledPolicy(text, 'boundary')).not.toBe(first);
    expect(parsePolicy(text, { kind: 'identity' })).toBe(first);
  });

  it('caches parsed objects by identity', () => {
    const document = stmt({});
    expect(compiledPolicy(document, 'identity')).toBe(compiledPolicy(document, 'identity'));
  });

  it('stays bounded', () => {
    clearPolicyCache();
    for (let i = 0; i < 5000; i++) compiledPolicy(JSON.stringify(stmt({ Sid: `S${i}` })), 'identity');
    const first = compiledPolicy(JSON.stringify(stmt({ Sid: 'S0' })), 'identity');
    expect(compiledPolicy(JSON.stringify(stmt({ Sid: 'S0' })), 'identity')).toBe(first);
  });

  it('needs only the grammar: what the service checked at write time is not checked again', () => {
    expect(() => compiledPolicy(JSON.stringify({ Statement: { Effect: 'allow', Action: 'x', Resource: 'y' } }), 'identity')).not.toThrow();
    expect(() => compiledPolicy('not json', 'identity')).toThrow(PolicyValidationError);
  });

  it('exposes the statements it compiled', () => {
    const policy = parsePolicy(JSON.stringify({ Version: V, Id: 'x', Statement: [{ Sid: 'One', ...stmt({}).Statement }, stmt({}).Statement] }), { kind: 'identity' });
    expect(policy.version).toBe(V);
    expect(policy.id).toBe('x');
    expect(policy.statements.map((s) => [s.id, s.effect])).toEqual([
      ['One', 'Allow'],
      ['1', 'Allow'],
    ]);
    expect(policy.statementsFor('s3:listbucket')).toHaveLength(2);
    expect(policy.statementsFor('s3:getobject')).toHaveLength(0);
  });
});
