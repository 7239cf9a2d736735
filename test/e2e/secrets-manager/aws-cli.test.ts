// Every Secrets Manager operation through the AWS CLI (`aws secretsmanager ...`), with the main error
// cases checked by code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { eventually, startRotationEndpoint, smClient, uniqueName, type RotationEndpoint } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const ROTATOR = 'arn:aws:lambda:us-east-1:000000000000:function:cli-rotator';

describe.each(testBackends())('the AWS CLI against Secrets Manager on %s', (backend) => {
  let server: Server;
  let endpoint: RotationEndpoint;

  const cli = async (...args: string[]) => {
    const result = await awsCli(server, ['secretsmanager', ...args]);
    if (result.code !== 0) throw new Error(`aws secretsmanager ${args[0]} failed: ${result.stderr}`);
    return result.stdout.trim() ? JSON.parse(result.stdout) : {};
  };
  const cliError = async (...args: string[]) => {
    const result = await awsCli(server, ['secretsmanager', ...args]);
    expect(result.code).not.toBe(0);
    return cliErrorCode(result);
  };

  beforeAll(async () => {
    endpoint = await startRotationEndpoint(() => smClient(server));
    process.env.RAMPART_ROTATION_FUNCTIONS = JSON.stringify({ [ROTATOR]: { url: endpoint.url } });
    server = await startInProcess({ backend, dev: true });
    delete process.env.RAMPART_ROTATION_FUNCTIONS;
  });
  afterAll(async () => {
    await server?.destroy();
    await endpoint?.close();
  });

  it('creates, reads, versions, labels, describes, lists and tags', async () => {
    const name = uniqueName('cli/app');
    const created = await cli('create-secret', '--name', name, '--secret-string', '{"user":"a","password":"b"}', '--description', 'via cli', '--tags', 'Key=env,Value=test');
    expect(created.ARN).toMatch(/:secret:cli\/app-.+-[A-Za-z]{6}$/);
    expect(await cliError('create-secret', '--name', name, '--secret-string', 'again')).toBe('ResourceExistsException');
    expect((await cli('get-secret-value', '--secret-id', name)).SecretString).toBe('{"user":"a","password":"b"}');
    expect(await cliError('get-secret-value', '--secret-id', uniqueName('cli/none'))).toBe('ResourceNotFoundException');
    const put = await cli('put-secret-value', '--secret-id', name, '--secret-string', 'second', '--version-stages', 'AWSCURRENT', 'mine');
    expect(put.VersionStages).toEqual(['AWSCURRENT', 'mine']);
    const updated = await cli('update-secret', '--secret-id', name, '--description', 'changed', '--secret-string', 'third');
    await cli('update-secret-version-stage', '--secret-id', name, '--version-stage', 'mine', '--move-to-version-id', updated.VersionId, '--remove-from-version-id', put.VersionId);
    expect(await cliError('update-secret-version-stage', '--secret-id', name, '--version-stage', 'AWSCURRENT', '--move-to-version-id', created.VersionId)).toBe('InvalidParameterException');
    const described = await cli('describe-secret', '--secret-id', created.ARN);
    expect(described.Description).toBe('changed');
    expect(described.VersionIdsToStages[updated.VersionId]).toEqual(['AWSCURRENT', 'mine']);
    expect(described.VersionIdsToStages[put.VersionId]).toEqual(['AWSPREVIOUS']);
    const versions = await cli('list-secret-version-ids', '--secret-id', name, '--include-deprecated');
    expect(versions.Versions).toHaveLength(3);
    const listed = await cli('list-secrets', '--filters', `Key=name,Values=${name}`, 'Key=tag-key,Values=env');
    expect(listed.SecretList.map((s: { Name: string }) => s.Name)).toEqual([name]);
    await cli('tag-resource', '--secret-id', name, '--tags', 'Key=owner,Value=me');
    await cli('untag-resource', '--secret-id', name, '--tag-keys', 'env');
    expect((await cli('describe-secret', '--secret-id', name)).Tags).toEqual([{ Key: 'owner', Value: 'me' }]);
    const batch = await cli('batch-get-secret-value', '--secret-id-list', name, uniqueName('cli/none'));
    expect(batch.SecretValues.map((v: { SecretString: string }) => v.SecretString)).toEqual(['third']);
    expect(batch.Errors[0].ErrorCode).toBe('ResourceNotFoundException');
    const password = await cli('get-random-password', '--password-length', '20', '--exclude-punctuation', '--require-each-included-type');
    expect(password.RandomPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await cliError('get-random-password', '--password-length', '2')).toBe('InvalidParameterException');
  });

  it('manages resource policies', async () => {
    const name = uniqueName('cli/policy');
    await cli('create-secret', '--name', name, '--secret-string', 'p');
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    const own = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    expect((await cli('validate-resource-policy', '--resource-policy', open)).PolicyValidationPassed).toBe(false);
    expect((await cli('validate-resource-policy', '--secret-id', name, '--resource-policy', own)).PolicyValidationPassed).toBe(true);
    expect(await cliError('put-resource-policy', '--secret-id', name, '--resource-policy', open, '--block-public-policy')).toBe('PublicPolicyException');
    await cli('put-resource-policy', '--secret-id', name, '--resource-policy', own, '--block-public-policy');
    expect(JSON.parse((await cli('get-resource-policy', '--secret-id', name)).ResourcePolicy)).toEqual(JSON.parse(own));
    await cli('delete-resource-policy', '--secret-id', name);
    expect((await cli('get-resource-policy', '--secret-id', name)).ResourcePolicy).toBeUndefined();
    expect(await cliError('put-resource-policy', '--secret-id', name, '--resource-policy', '{')).toBe('MalformedPolicyDocumentException');
  });

  it('rotates and cancels rotation', async () => {
    const name = uniqueName('cli/rotated');
    const created = await cli('create-secret', '--name', name, '--secret-string', 'before');
    expect(await cliError('rotate-secret', '--secret-id', name)).toBe('InvalidRequestException');
    const rotated = await cli('rotate-secret', '--secret-id', name, '--rotation-lambda-arn', ROTATOR, '--rotation-rules', 'ScheduleExpression=rate(10 days),Duration=3h');
    await server.advanceClock(0);
    await eventually(async () => expect((await cli('get-secret-value', '--secret-id', name)).VersionId).toBe(rotated.VersionId));
    expect((await cli('get-secret-value', '--secret-id', name, '--version-stage', 'AWSPREVIOUS')).VersionId).toBe(created.VersionId);
    const described = await cli('describe-secret', '--secret-id', name);
    expect(described.RotationRules).toEqual({ AutomaticallyAfterDays: 10, ScheduleExpression: 'rate(10 days)', Duration: '3h' });
    await cli('cancel-rotate-secret', '--secret-id', name);
    expect((await cli('describe-secret', '--secret-id', name)).RotationEnabled).toBe(false);
  });

  it('replicates, removes and promotes replicas', async () => {
    const name = uniqueName('cli/replica');
    await cli('create-secret', '--name', name, '--secret-string', 'r', '--add-replica-regions', 'Region=eu-west-1');
    const replicated = await cli('replicate-secret-to-regions', '--secret-id', name, '--add-replica-regions', 'Region=eu-central-1');
    expect(replicated.ReplicationStatus.map((s: { Region: string }) => s.Region).sort()).toEqual(['eu-central-1', 'eu-west-1']);
    expect(cliErrorCode(await awsCli(server, ['secretsmanager', 'put-secret-value', '--secret-id', name, '--secret-string', 'x', '--region', 'eu-west-1']))).toBe('InvalidParameterException');
    await cli('remove-regions-from-replication', '--secret-id', name, '--remove-replica-regions', 'eu-central-1');
    const stopped = await awsCli(server, ['secretsmanager', 'stop-replication-to-replica', '--secret-id', name, '--region', 'eu-west-1']);
    expect(stopped.code).toBe(0);
    expect((await cli('describe-secret', '--secret-id', name)).ReplicationStatus).toBeUndefined();
  });

  it('deletes and restores', async () => {
    const name = uniqueName('cli/deleted');
    await cli('create-secret', '--name', name, '--secret-string', 'd');
    expect(await cliError('delete-secret', '--secret-id', name, '--recovery-window-in-days', '3')).toBe('InvalidParameterException');
    const deleted = await cli('delete-secret', '--secret-id', name, '--recovery-window-in-days', '7');
    expect(deleted.DeletionDate).toBeDefined();
    expect(await cliError('get-secret-value', '--secret-id', name)).toBe('InvalidRequestException');
    await cli('restore-secret', '--secret-id', name);
    expect((await cli('get-secret-value', '--secret-id', name)).SecretString).toBe('d');
    await cli('delete-secret', '--secret-id', name, '--force-delete-without-recovery');
    expect(await cliError('describe-secret', '--secret-id', name)).toBe('ResourceNotFoundException');
  });
});
