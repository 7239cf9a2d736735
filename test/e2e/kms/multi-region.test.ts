// Multi-Region keys: CreateKey MultiRegion (mrk- ids), ReplicateKey into another Region of the same
// account, ciphertexts made in one Region decrypting with the replica in the other, rotation of the
// primary reaching the replica, UpdatePrimaryRegion, and the errors of each.
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  ListResourceTagsCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient } from './support.js';

describe.each(testBackends())('multi-Region keys on %s', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startInProcess({ backend });
  });
  afterAll(() => server?.destroy());

  it('replicates a key to another Region, where the primary’s ciphertexts decrypt and rotations arrive', async () => {
    const east = await kmsClient(server, { region: 'us-east-1' });
    const west = await kmsClient(server, { region: 'us-west-2' });
    const primary = await createKey(east, { MultiRegion: true, Description: 'primary' });
    expect(primary.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(primary.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: primary.Arn, Region: 'us-east-1' }, ReplicaKeys: [] });
    expect((await failure(west.send(new DescribeKeyCommand({ KeyId: primary.KeyId })))).name).toBe('NotFoundException');

    const replicated = await east.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'us-west-2', Description: 'replica', Tags: [{ TagKey: 'where', TagValue: 'west' }] }));
    const replicaArn = primary.Arn!.replace('us-east-1', 'us-west-2');
    expect(replicated.ReplicaKeyMetadata).toMatchObject({ KeyId: primary.KeyId, Arn: replicaArn, MultiRegion: true, Description: 'replica' });
    expect(replicated.ReplicaTags).toEqual([{ TagKey: 'where', TagValue: 'west' }]);
    expect(JSON.parse(replicated.ReplicaPolicy!).Id).toBe('key-default-1');
    const replica = (await west.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!;
    expect(replica).toMatchObject({ KeyState: 'Enabled', MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: primary.Arn, Region: 'us-east-1' }, ReplicaKeys: [{ Arn: replicaArn, Region: 'us-west-2' }] } });
    expect((await east.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!.MultiRegionConfiguration!.ReplicaKeys).toEqual([{ Arn: replicaArn, Region: 'us-west-2' }]);
    expect((await west.send(new ListResourceTagsCommand({ KeyId: primary.KeyId }))).Tags).toEqual([{ TagKey: 'where', TagValue: 'west' }]);
    expect((await east.send(new ListResourceTagsCommand({ KeyId: primary.KeyId }))).Tags).toEqual([]);
    expect((await west.send(new GetKeyPolicyCommand({ KeyId: primary.KeyId }))).Policy).toBeDefined();

    const inEast = await east.send(new EncryptCommand({ KeyId: primary.KeyId, Plaintext: bytes('made in the east'), EncryptionContext: { r: '1' } }));
    const decrypted = await west.send(new DecryptCommand({ CiphertextBlob: inEast.CiphertextBlob, EncryptionContext: { r: '1' }, KeyId: replicaArn }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('made in the east');
    expect(decrypted.KeyId).toBe(replicaArn);

    await east.send(new RotateKeyOnDemandCommand({ KeyId: primary.KeyId }));
    const after = await west.send(new EncryptCommand({ KeyId: primary.KeyId, Plaintext: bytes('after rotation') }));
    const current = (await east.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!.CurrentKeyMaterialId;
    expect((await west.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!.CurrentKeyMaterialId).toBe(current);
    expect((await east.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }))).KeyMaterialId).toBe(current);
    expect((await failure(west.send(new RotateKeyOnDemandCommand({ KeyId: primary.KeyId })))).name).toBe('UnsupportedOperationException');

    expect((await failure(east.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'us-west-2' })))).name).toBe('AlreadyExistsException');
    expect((await failure(west.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' })))).name).toBe('UnsupportedOperationException');
    const single = await createKey(east);
    expect((await failure(east.send(new ReplicateKeyCommand({ KeyId: single.KeyId, ReplicaRegion: 'us-west-2' })))).name).toBe('UnsupportedOperationException');
    expect((await failure(east.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'moon-base-1' })))).name).toBe('ValidationException');

    // A primary with replicas waits for them before its own deletion window starts.
    await east.send(new UpdatePrimaryRegionCommand({ KeyId: primary.KeyId, PrimaryRegion: 'us-west-2' }));
    expect((await west.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!.MultiRegionConfiguration!.MultiRegionKeyType).toBe('PRIMARY');
    expect((await east.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!.MultiRegionConfiguration!.MultiRegionKeyType).toBe('REPLICA');
    const scheduled = await west.send(new ScheduleKeyDeletionCommand({ KeyId: primary.KeyId, PendingWindowInDays: 7 }));
    expect(scheduled.KeyState).toBe('PendingReplicaDeletion');
    expect((await west.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'PendingReplicaDeletion', PendingDeletionWindowInDays: 7 });
  });
});
