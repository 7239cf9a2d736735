// Grants through the SDK: CreateGrant (operations valid for the key, constraints, Name idempotency,
// tokens), ListGrants with filters and pages, ListRetirableGrants, RetireGrant by token or by id,
// RevokeGrant, and their errors. (Whether a grant allows a principal is decided by the IAM evaluator;
// see src/services/kms/grants.test.ts and authorization.test.ts.)
import {
  CreateGrantCommand,
  EncryptCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  DisableKeyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient } from './support.js';

describe.each(testBackends())('grants on %s', (backend) => {
  let server: TestServer;
  let kms: KMSClient;
  let account: string;
  const grantee = (name: string) => `arn:aws:iam::${account}:role/${name}`;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    kms = await kmsClient(server);
    account = (await createKey(kms)).AWSAccountId!;
  });
  afterAll(() => server?.destroy());

  it('creates, lists, retires and revokes grants', async () => {
    const key = await createKey(kms);
    const created = await kms.send(
      new CreateGrantCommand({
        KeyId: key.KeyId,
        GranteePrincipal: grantee('app'),
        RetiringPrincipal: grantee('janitor'),
        Operations: ['Encrypt', 'Decrypt', 'GenerateDataKey'],
        Constraints: { EncryptionContextSubset: { tenant: 'a' } },
        Name: 'app-grant',
      }),
    );
    expect(created.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(created.GrantToken!.length).toBeGreaterThan(20);
    const { Grants } = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }));
    expect(Grants).toEqual([
      expect.objectContaining({
        KeyId: key.Arn,
        GrantId: created.GrantId,
        Name: 'app-grant',
        GranteePrincipal: grantee('app'),
        RetiringPrincipal: grantee('janitor'),
        IssuingAccount: `arn:aws:iam::${account}:root`,
        Operations: ['Encrypt', 'Decrypt', 'GenerateDataKey'],
        Constraints: { EncryptionContextSubset: { tenant: 'a' } },
      }),
    ]);
    // The same name and parameters: the same grant, a new token that works too.
    const again = await kms.send(
      new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: grantee('app'), RetiringPrincipal: grantee('janitor'), Operations: ['Decrypt', 'GenerateDataKey', 'Encrypt'], Constraints: { EncryptionContextSubset: { tenant: 'a' } }, Name: 'app-grant' }),
    );
    expect(again.GrantId).toBe(created.GrantId);
    expect(again.GrantToken).not.toBe(created.GrantToken);
    await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x'), GrantTokens: [created.GrantToken!, again.GrantToken!] }));
    expect((await failure(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x'), GrantTokens: ['not-a-token'] })))).name).toBe('InvalidGrantTokenException');

    const second = await kms.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: grantee('other'), Operations: ['DescribeKey'] }));
    expect((await kms.send(new ListGrantsCommand({ KeyId: key.KeyId, GranteePrincipal: grantee('other') }))).Grants!.map((g) => g.GrantId)).toEqual([second.GrantId]);
    expect((await kms.send(new ListGrantsCommand({ KeyId: key.KeyId, GrantId: created.GrantId }))).Grants!.map((g) => g.GrantId)).toEqual([created.GrantId]);
    const first = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId, Limit: 1 }));
    expect(first.Truncated).toBe(true);
    const rest = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId, Limit: 1, Marker: first.NextMarker }));
    expect(rest.Truncated).toBe(false);
    expect(new Set([...first.Grants!, ...rest.Grants!].map((g) => g.GrantId))).toEqual(new Set([created.GrantId, second.GrantId]));

    expect((await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: grantee('janitor') }))).Grants!.map((g) => g.GrantId)).toEqual([created.GrantId]);
    await kms.send(new RetireGrantCommand({ GrantToken: created.GrantToken }));
    expect((await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: grantee('janitor') }))).Grants).toEqual([]);
    expect((await failure(kms.send(new RetireGrantCommand({ GrantToken: created.GrantToken })))).name).toBe('NotFoundException');
    await kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: second.GrantId }));
    expect((await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))).Grants).toEqual([]);
    expect((await failure(kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: second.GrantId })))).name).toBe('NotFoundException');
    expect((await failure(kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: 'not-a-grant-id' })))).name).toBe('InvalidGrantIdException');
    expect((await failure(kms.send(new RetireGrantCommand({ KeyId: key.KeyId })))).name).toBe('ValidationException');
  });

  it('retires by key id and grant id, and honours DryRun', async () => {
    const key = await createKey(kms);
    const grant = await kms.send(new CreateGrantCommand({ KeyId: key.Arn, GranteePrincipal: grantee('app'), Operations: ['Decrypt', 'RetireGrant'] }));
    expect((await failure(kms.send(new RetireGrantCommand({ KeyId: key.Arn, GrantId: grant.GrantId, DryRun: true })))).name).toBe('DryRunOperationException');
    await kms.send(new RetireGrantCommand({ KeyId: key.Arn, GrantId: grant.GrantId }));
    expect((await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))).Grants).toEqual([]);
    expect((await failure(kms.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: grantee('app'), Operations: ['Decrypt'], DryRun: true })))).name).toBe('DryRunOperationException');
    expect((await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))).Grants).toEqual([]);
  });

  it('refuses operations the key does not support, constraints on asymmetric keys, bad principals and disabled keys', async () => {
    const symmetric = await createKey(kms);
    const signing = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const cases: [CreateGrantCommand, string][] = [
      [new CreateGrantCommand({ KeyId: symmetric.KeyId, GranteePrincipal: grantee('a'), Operations: ['Sign'] }), 'ValidationException'],
      [new CreateGrantCommand({ KeyId: signing.KeyId, GranteePrincipal: grantee('a'), Operations: ['GenerateDataKey'] }), 'ValidationException'],
      [new CreateGrantCommand({ KeyId: signing.KeyId, GranteePrincipal: grantee('a'), Operations: ['Sign'], Constraints: { EncryptionContextEquals: { a: 'b' } } }), 'ValidationException'],
      [new CreateGrantCommand({ KeyId: symmetric.KeyId, GranteePrincipal: 'nobody', Operations: ['Decrypt'] }), 'InvalidArnException'],
      [new CreateGrantCommand({ KeyId: symmetric.KeyId, GranteePrincipal: grantee('a'), RetiringPrincipal: 'nobody', Operations: ['Decrypt'] }), 'InvalidArnException'],
      [new CreateGrantCommand({ KeyId: symmetric.KeyId, GranteePrincipal: grantee('a'), Operations: [] }), 'ValidationException'],
      [new CreateGrantCommand({ KeyId: 'alias/anything', GranteePrincipal: grantee('a'), Operations: ['Decrypt'] }), 'NotFoundException'],
    ];
    for (const [command, name] of cases) expect((await failure(kms.send(command))).name).toBe(name);
    await kms.send(new DisableKeyCommand({ KeyId: symmetric.KeyId }));
    expect((await failure(kms.send(new CreateGrantCommand({ KeyId: symmetric.KeyId, GranteePrincipal: grantee('a'), Operations: ['Decrypt'] })))).name).toBe('DisabledException');
  });
});
