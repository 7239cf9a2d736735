import { describe, expect, it } from 'vitest';
import type { AccessKeyRecord } from './access-keys.js';
import { principalFromAccessKey } from './principal.js';

const base = { accessKeyId: 'ASIAEXAMPLE', accountId: '123456789012', status: 'Active' as const, secret: 'sealed', createdAt: '2026-01-01T00:00:00Z' };

describe('principalFromAccessKey', () => {
  it('builds users, root and role sessions as CloudTrail names them', () => {
    const user = principalFromAccessKey({ ...base, owner: { type: 'IAMUser', userName: 'ann', userId: 'AIDAX', path: '/team/' } }, 'aws', 'AKIAX');
    expect(user).toMatchObject({ type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/team/ann', principalId: 'AIDAX', userName: 'ann', temporary: false });
    expect(user.session).toBeUndefined();
    const root = principalFromAccessKey({ ...base, owner: { type: 'Root' } }, 'aws-cn', 'AKIAX');
    expect(root).toMatchObject({ type: 'Root', arn: 'arn:aws-cn:iam::123456789012:root', principalId: '123456789012' });
  });

  it('carries the session: MFA time, tags, source identity, and the role ARN with its path', () => {
    const record: AccessKeyRecord = {
      ...base,
      owner: { type: 'AssumedRole', roleName: 'deploy', roleId: 'AROAX', sessionName: 's1', path: '/ci/' },
      sessionToken: 'sealed',
      expiresAt: 1,
      session: { issuedAt: 5, mfaAuthenticatedAt: 4, sourceIdentity: 'ann', tags: { team: 'blue' }, policy: '{}' },
    };
    const principal = principalFromAccessKey(record, 'aws', 'ASIAX');
    expect(principal).toMatchObject({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/deploy/s1',
      principalId: 'AROAX:s1',
      temporary: true,
      session: { issuedAt: 5, mfaAuthenticatedAt: 4, sourceIdentity: 'ann', tags: { team: 'blue' }, roleArn: 'arn:aws:iam::123456789012:role/ci/deploy' },
    });
  });
});
