// Replica secrets in other Regions of the same account: created with the secret or later, read-only,
// kept in sync in the same transaction as every change to the primary (values re-encrypted under the
// replica Region's key, description, tags, labels, deletion), reported in ReplicationStatus, removed,
// and promoted to standalone secrets by StopReplicationToReplica.
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RemoveRegionsFromReplicationCommand,
  ReplicateSecretToRegionsCommand,
  StopReplicationToReplicaCommand,
  TagResourceCommand,
  UpdateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { failure, kmsClientFor, smClient, uniqueName } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe.each(testBackends())('Secrets Manager replication on %s', (backend) => {
  let server: Server;
  let primary: SecretsManagerClient;
  let west: SecretsManagerClient;
  let tokyo: SecretsManagerClient;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    primary = await smClient(server);
    west = await smClient(server, { region: 'eu-west-1' });
    tokyo = await smClient(server, { region: 'ap-northeast-1' });
  });
  afterAll(() => server?.destroy());

  it('replicates on creation and keeps the replica in sync with every change', async () => {
    const name = uniqueName('replicated');
    const created = await primary.send(new CreateSecretCommand({ Name: name, SecretString: 'v1', Description: 'd1', AddReplicaRegions: [{ Region: 'eu-west-1' }] }));
    expect(created.ReplicationStatus).toEqual([{ Region: 'eu-west-1', KmsKeyId: 'alias/aws/secretsmanager', Status: 'InSync', StatusMessage: 'Replication succeeded' }]);
    const replicaArn = created.ARN!.replace(':us-east-1:', ':eu-west-1:');
    const first = await west.send(new GetSecretValueCommand({ SecretId: name }));
    expect(first).toMatchObject({ ARN: replicaArn, SecretString: 'v1', VersionId: created.VersionId });

    const put = await primary.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2' }));
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v2');
    expect((await west.send(new GetSecretValueCommand({ SecretId: replicaArn, VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('v1');
    await primary.send(new UpdateSecretCommand({ SecretId: name, Description: 'd2' }));
    await primary.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k', Value: 'v' }] }));
    const replica = await west.send(new DescribeSecretCommand({ SecretId: name }));
    expect(replica).toMatchObject({ ARN: replicaArn, Description: 'd2', Tags: [{ Key: 'k', Value: 'v' }], PrimaryRegion: 'us-east-1' });
    expect(replica.VersionIdsToStages![put.VersionId!]).toEqual(['AWSCURRENT']);
    // The replica's value is encrypted under a key of its own Region.
    const versions = await west.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(versions.Versions![0].KmsKeyIds![0]).toMatch(/^arn:aws:kms:eu-west-1:/);

    const status = await primary.send(new DescribeSecretCommand({ SecretId: name }));
    expect(status.ReplicationStatus![0]).toMatchObject({ Region: 'eu-west-1', Status: 'InSync' });
    expect(status.ReplicationStatus![0].LastAccessedDate).toBeInstanceOf(Date);

    for (const write of [
      west.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'nope' })),
      west.send(new UpdateSecretCommand({ SecretId: name, Description: 'nope' })),
      west.send(new DeleteSecretCommand({ SecretId: name })),
    ]) {
      expect(await failure(write)).toMatchObject({ name: 'InvalidParameterException', message: "Operation not permitted on a replica secret. Call must be made in primary secret's region." });
    }
    const withReplicas = await failure(primary.send(new DeleteSecretCommand({ SecretId: name })));
    expect(withReplicas).toMatchObject({ name: 'InvalidParameterException', message: `You can't delete secret ${name} that still has replica regions [eu-west-1]` });
  });

  it('adds a replica under a customer managed key of its Region, refuses or overwrites a name in the way, and removes replicas', async () => {
    const kmsTokyo = await kmsClientFor(server, { region: 'ap-northeast-1' });
    const key = (await kmsTokyo.send(new CreateKeyCommand({}))).KeyMetadata!;
    const name = uniqueName('later');
    await primary.send(new CreateSecretCommand({ Name: name, SecretString: 'p1' }));
    await west.send(new CreateSecretCommand({ Name: name, SecretString: 'someone else' }));
    const added = await primary.send(new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: 'ap-northeast-1', KmsKeyId: key.KeyId }, { Region: 'eu-west-1' }] }));
    const byRegion = Object.fromEntries(added.ReplicationStatus!.map((s) => [s.Region, s]));
    expect(byRegion['ap-northeast-1']).toMatchObject({ Status: 'InSync', KmsKeyId: key.KeyId });
    expect(byRegion['eu-west-1']).toMatchObject({ Status: 'Failed', StatusMessage: `Replication failed: Secret name ${name} already exists in region eu-west-1.` });
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('someone else');
    expect((await tokyo.send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions![0].KmsKeyIds).toEqual([key.Arn]);
    expect((await tokyo.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('p1');

    await primary.send(new RemoveRegionsFromReplicationCommand({ SecretId: name, RemoveReplicaRegions: ['eu-west-1'] }));
    const forced = await primary.send(new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: 'eu-west-1' }], ForceOverwriteReplicaSecret: true }));
    expect(forced.ReplicationStatus!.find((s) => s.Region === 'eu-west-1')).toMatchObject({ Status: 'InSync' });
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('p1');

    const removed = await primary.send(new RemoveRegionsFromReplicationCommand({ SecretId: name, RemoveReplicaRegions: ['ap-northeast-1'] }));
    expect(removed.ReplicationStatus!.map((s) => s.Region)).toEqual(['eu-west-1']);
    expect((await failure(tokyo.send(new GetSecretValueCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
    expect((await failure(primary.send(new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: 'us-east-1' }] })))).name).toBe('InvalidParameterException');
  });

  it('StopReplicationToReplica makes the replica an independent secret', async () => {
    const name = uniqueName('promoted');
    await primary.send(new CreateSecretCommand({ Name: name, SecretString: 'shared', AddReplicaRegions: [{ Region: 'eu-west-1' }] }));
    const stopped = await west.send(new StopReplicationToReplicaCommand({ SecretId: name }));
    expect(stopped.ARN).toMatch(/:eu-west-1:/);
    expect((await primary.send(new DescribeSecretCommand({ SecretId: name }))).ReplicationStatus).toBeUndefined();
    expect((await west.send(new DescribeSecretCommand({ SecretId: name }))).PrimaryRegion).toBe('eu-west-1');
    await primary.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'primary only' }));
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('shared');
    await west.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'replica only' }));
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('replica only');
    expect((await primary.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('primary only');
    const notReplica = await failure(primary.send(new StopReplicationToReplicaCommand({ SecretId: name })));
    expect(notReplica.name).toBe('InvalidParameterException');
  });
});
