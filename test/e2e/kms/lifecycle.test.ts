// What happens over time, on a development server whose clock the tests move: scheduled deletion
// (and cancelling it), automatic rotation after a year with every older ciphertext still decrypting,
// on-demand rotation and its limit, and AWS managed keys' yearly rotation.
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient, serverNow } from './support.js';

const DAY = 86_400;

describe.each(testBackends())('keys over time on %s', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
  });
  afterAll(() => server?.destroy());

  it('deletes a key with its aliases when the waiting period passes, and not before', async () => {
    let kms = await kmsClient(server);
    const key = await createKey(kms);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: key.KeyId }));
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    expect(scheduled).toMatchObject({ KeyId: key.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect(scheduled.DeletionDate!.getTime() - (await serverNow(server))).toBeGreaterThan(6.9 * DAY * 1000);
    expect(await failure(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x') })))).toMatchObject({
      name: 'KMSInvalidStateException',
      message: `${key.Arn} is pending deletion.`,
    });
    expect((await failure(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId })))).name).toBe('KMSInvalidStateException');
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: scheduled.DeletionDate });

    await server.advanceClock(6 * DAY);
    kms = await kmsClient(server);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState).toBe('PendingDeletion');
    await server.advanceClock(1 * DAY + 60);
    kms = await kmsClient(server);
    expect((await failure(kms.send(new DescribeKeyCommand({ KeyId: key.KeyId })))).name).toBe('NotFoundException');
    expect((await kms.send(new ListAliasesCommand({}))).Aliases!.map((a) => a.AliasName)).not.toContain('alias/doomed');
  });

  it('cancels a deletion, leaving the key Disabled', async () => {
    let kms = await kmsClient(server);
    const key = await createKey(kms);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }));
    expect(await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }))).toMatchObject({ KeyId: key.Arn });
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'Disabled' });
    expect(await failure(kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId })))).toMatchObject({
      name: 'KMSInvalidStateException',
      message: `${key.Arn} is not pending deletion.`,
    });
    await server.advanceClock(31 * DAY);
    kms = await kmsClient(server);
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState).toBe('Enabled');
  });

  it('rotates a year after rotation is enabled; old ciphertexts still decrypt, new ones use the new material', async () => {
    let kms = await kmsClient(server);
    const key = await createKey(kms);
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    expect(status.NextRotationDate!.getTime() - (await serverNow(server))).toBeGreaterThan(364 * DAY * 1000);
    const before = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('from last year') }));
    const firstMaterial = (await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }))).KeyMaterialId;
    expect((await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }))).Rotations).toEqual([]);

    await server.advanceClock(366 * DAY);
    kms = await kmsClient(server);
    const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }))).Rotations!;
    expect(rotations).toHaveLength(1);
    expect(rotations[0]).toMatchObject({ KeyId: key.KeyId, RotationType: 'AUTOMATIC', KeyMaterialState: 'CURRENT' });
    expect(rotations[0].KeyMaterialId).not.toBe(firstMaterial);
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }))).Plaintext!).toString()).toBe('from last year');
    const after = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('this year') }));
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }))).KeyMaterialId).toBe(rotations[0].KeyMaterialId);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.CurrentKeyMaterialId).toBe(rotations[0].KeyMaterialId);
    const all = (await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!;
    expect(all.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'CURRENT']);
    // The next rotation is scheduled a period after this one.
    const next = (await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).NextRotationDate!.getTime();
    expect(next - (await serverNow(server))).toBeGreaterThan(364 * DAY * 1000);

    await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(false);
    await server.advanceClock(400 * DAY);
    kms = await kmsClient(server);
    expect((await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }))).Rotations).toHaveLength(1);
  });

  it('rotates on demand at most 25 times, and only symmetric customer managed keys', async () => {
    const kms = await kmsClient(server);
    const key = await createKey(kms);
    const ciphertexts = [];
    for (let i = 0; i < 25; i++) {
      ciphertexts.push((await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes(`v${i}`) }))).CiphertextBlob!);
      expect((await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))).KeyId).toBe(key.KeyId);
    }
    expect((await failure(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).name).toBe('LimitExceededException');
    const rotations = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, Limit: 10, Marker: marker }));
      rotations.push(...page.Rotations!);
      marker = page.NextMarker;
    } while (marker);
    expect(rotations).toHaveLength(25);
    expect(rotations.every((r) => r.RotationType === 'ON_DEMAND')).toBe(true);
    for (const [i, blob] of ciphertexts.entries()) {
      expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString()).toBe(`v${i}`);
    }
    const rsa = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    for (const command of [new RotateKeyOnDemandCommand({ KeyId: rsa.KeyId }), new EnableKeyRotationCommand({ KeyId: rsa.KeyId })]) {
      expect((await failure(kms.send(command as RotateKeyOnDemandCommand))).name).toBe('UnsupportedOperationException');
    }
  });

  it('answers ConflictException for an on-demand rotation within 20 minutes of an automatic one', async () => {
    let kms = await kmsClient(server);
    const key = await createKey(kms);
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
    await server.advanceClock(90 * DAY - 600);
    kms = await kmsClient(server);
    expect((await failure(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).name).toBe('ConflictException');
  });

  it('rotates AWS managed keys every year, which cannot be turned off', async () => {
    let kms = await kmsClient(server);
    const managed = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }))).KeyMetadata!;
    expect(await kms.send(new GetKeyRotationStatusCommand({ KeyId: managed.KeyId }))).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    // AWS's managed-key policy does not let anyone change the key: the key policy refuses first.
    expect((await failure(kms.send(new DisableKeyRotationCommand({ KeyId: managed.KeyId })))).name).toBe('AccessDeniedException');
    expect((await failure(kms.send(new RotateKeyOnDemandCommand({ KeyId: managed.KeyId })))).name).toBe('AccessDeniedException');
    expect((await failure(kms.send(new EncryptCommand({ KeyId: managed.KeyId, Plaintext: bytes('direct') })))).name).toBe('AccessDeniedException');
    await server.advanceClock(366 * DAY);
    kms = await kmsClient(server);
    expect((await kms.send(new ListKeyRotationsCommand({ KeyId: managed.KeyId }))).Rotations).toHaveLength(1);
  });
});
