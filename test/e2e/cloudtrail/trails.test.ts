// Every trail operation through @aws-sdk/client-cloudtrail, with CloudTrail's errors for what it refuses.
import {
  AddTagsCommand,
  CloudTrailServiceException,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListPublicKeysCommand,
  ListTagsCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  type CloudTrailClient,
  type CreateTrailCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { cloudTrail } from './support.js';

const ACCOUNT = '000000000000';

async function failure(promise: Promise<unknown>): Promise<CloudTrailServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as CloudTrailServiceException;
  }
  throw new Error('the call succeeded');
}

describe.each(testBackends())('CloudTrail trails on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startInProcess>>;
  let ct: CloudTrailClient;
  let eu: CloudTrailClient;

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    ct = await cloudTrail(server);
    eu = await cloudTrail(server, 'eu-west-1');
  });
  afterAll(() => server?.destroy());

  const create = (input: Partial<CreateTrailCommandInput> & { Name: string }) => ct.send(new CreateTrailCommand({ S3BucketName: 'trail-logs', ...input }));

  it('creates a trail that is not logging yet, and answers it from GetTrail, DescribeTrails and ListTrails', async () => {
    const created = await create({ Name: 'main', S3KeyPrefix: 'team/a', EnableLogFileValidation: true, KmsKeyId: '12345678-1234-1234-1234-123456789012' });
    expect(created).toMatchObject({
      Name: 'main',
      S3BucketName: 'trail-logs',
      S3KeyPrefix: 'team/a',
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: false,
      TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`,
      LogFileValidationEnabled: true,
      KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/12345678-1234-1234-1234-123456789012`,
      IsOrganizationTrail: false,
    });
    const { Trail } = await ct.send(new GetTrailCommand({ Name: 'main' }));
    expect(Trail).toMatchObject({ Name: 'main', HomeRegion: 'us-east-1', HasCustomEventSelectors: false, HasInsightSelectors: false, LogFileValidationEnabled: true });
    expect((await ct.send(new GetTrailCommand({ Name: created.TrailARN }))).Trail?.Name).toBe('main');
    expect((await ct.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging).toBe(false);
    expect((await ct.send(new DescribeTrailsCommand({}))).trailList?.map((t) => t.Name)).toEqual(['main']);
    expect((await ct.send(new ListTrailsCommand({}))).Trails).toEqual([{ Name: 'main', HomeRegion: 'us-east-1', TrailARN: created.TrailARN }]);
  });

  it('refuses names, buckets, prefixes and settings CloudTrail refuses', async () => {
    const refused = async (input: Partial<CreateTrailCommandInput> & { Name: string }, name: string, message?: string | RegExp) => {
      const error = await failure(create(input));
      expect(error.name).toBe(name);
      if (message) expect(error.message).toMatch(message);
    };
    await refused({ Name: 'ab' }, 'InvalidTrailNameException', 'Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.');
    await refused({ Name: 'x'.repeat(129) }, 'InvalidTrailNameException', /Trail name too long/);
    await refused({ Name: '-trail' }, 'InvalidTrailNameException', 'Trail name must starts with a letter or number.');
    await refused({ Name: 'trail_' }, 'InvalidTrailNameException', 'Trail name must ends with a letter or number.');
    await refused({ Name: 'my trail' }, 'InvalidTrailNameException', /can only contain uppercase letters/);
    await refused({ Name: 'my--trail' }, 'InvalidTrailNameException', /adjacent/);
    await refused({ Name: '192.168.5.4' }, 'InvalidTrailNameException', /IP address/);
    await refused({ Name: 'main' }, 'TrailAlreadyExistsException', `Trail main already exists for customer: ${ACCOUNT}`);
    await refused({ Name: 'bucket', S3BucketName: 'Not_A_Bucket' }, 'InvalidS3BucketNameException');
    await refused({ Name: 'prefix', S3KeyPrefix: '../escape' }, 'InvalidS3PrefixException');
    await refused({ Name: 'prefix', S3KeyPrefix: 'a//b' }, 'InvalidS3PrefixException');
    await refused({ Name: 'global', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false }, 'InvalidParameterCombinationException', 'Multi-Region trail must include global service events.');
    await refused({ Name: 'kms', KmsKeyId: 'not a key' }, 'InvalidKmsKeyIdException');
    await refused({ Name: 'sns', SnsTopicName: 'topic' }, 'InsufficientSnsTopicPolicyException');
    await refused({ Name: 'logs', CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:x:*` }, 'CloudWatchLogsDeliveryUnavailableException');
    await refused({ Name: 'org', IsOrganizationTrail: true }, 'OrganizationsNotInUseException');
    await refused({ Name: 'tags', TagsList: [{ Key: 'aws:owner', Value: 'x' }] }, 'InvalidTagParameterException');
    await refused({ Name: 'tags', TagsList: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}` })) }, 'TagsLimitExceededException');
    // None of them was created.
    expect((await ct.send(new ListTrailsCommand({}))).Trails?.map((t) => t.Name)).toEqual(['main']);
  });

  it('finds no trail that does not exist, and refuses an ARN that is not a trail’s', async () => {
    const missing = await failure(ct.send(new GetTrailCommand({ Name: 'nothing' })));
    expect(missing).toMatchObject({ name: 'TrailNotFoundException', message: `Unknown trail: nothing for the user: ${ACCOUNT}` });
    expect((await failure(ct.send(new GetTrailStatusCommand({ Name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/nothing` })))).name).toBe('TrailNotFoundException');
    expect((await failure(ct.send(new GetTrailCommand({ Name: 'arn:aws:s3:::bucket' })))).name).toBe('CloudTrailARNInvalidException');
    expect((await failure(ct.send(new DeleteTrailCommand({ Name: 'x' })))).name).toBe('InvalidTrailNameException');
    // A single-region trail is not seen from another region.
    expect((await failure(eu.send(new GetTrailCommand({ Name: 'main' })))).name).toBe('TrailNotFoundException');
  });

  it('shows a multi-region trail in every region, but changes it only in its home region', async () => {
    await create({ Name: 'everywhere', IsMultiRegionTrail: true });
    const shadow = (await eu.send(new GetTrailCommand({ Name: 'everywhere' }))).Trail;
    expect(shadow).toMatchObject({ HomeRegion: 'us-east-1', IsMultiRegionTrail: true });
    expect((await eu.send(new DescribeTrailsCommand({}))).trailList?.map((t) => t.Name)).toEqual(['everywhere']);
    expect((await eu.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
    // By ARN, DescribeTrails finds a trail of any region.
    const byArn = await eu.send(new DescribeTrailsCommand({ trailNameList: [`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`, 'nothing'] }));
    expect(byArn.trailList?.map((t) => t.Name)).toEqual(['main']);
    // One call at a time: a rejection nobody awaits yet would count as unhandled.
    for (const call of [
      () => eu.send(new UpdateTrailCommand({ Name: 'everywhere', EnableLogFileValidation: true })),
      () => eu.send(new StartLoggingCommand({ Name: 'everywhere' })),
      () => eu.send(new PutEventSelectorsCommand({ TrailName: 'everywhere', EventSelectors: [{ ReadWriteType: 'All' }] })),
      () => eu.send(new DeleteTrailCommand({ Name: 'everywhere' })),
    ]) {
      expect((await failure(call())).name).toBe('InvalidHomeRegionException');
    }
    // Its name is taken in every region.
    expect((await failure(eu.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'trail-logs' })))).name).toBe('TrailAlreadyExistsException');
    await ct.send(new DeleteTrailCommand({ Name: 'everywhere' }));
    expect((await failure(eu.send(new GetTrailCommand({ Name: 'everywhere' })))).name).toBe('TrailNotFoundException');
  });

  it('allows five trails in a region', async () => {
    for (const name of ['trail2', 'trail3', 'trail4', 'trail5']) await create({ Name: name });
    const error = await failure(create({ Name: 'trail6' }));
    expect(error).toMatchObject({ name: 'MaximumNumberOfTrailsExceededException', message: `User: ${ACCOUNT} already has 5 trails in us-east-1.` });
    for (const name of ['trail2', 'trail3', 'trail4', 'trail5']) await ct.send(new DeleteTrailCommand({ Name: name }));
  });

  it('updates a trail’s settings', async () => {
    const updated = await ct.send(
      new UpdateTrailCommand({ Name: 'main', S3BucketName: 'other-logs', S3KeyPrefix: '', IsMultiRegionTrail: true, EnableLogFileValidation: false, KmsKeyId: 'alias/trail-key' }),
    );
    expect(updated).toMatchObject({ S3BucketName: 'other-logs', IsMultiRegionTrail: true, LogFileValidationEnabled: false, KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/trail-key` });
    expect(updated.S3KeyPrefix).toBeUndefined();
    expect((await failure(ct.send(new UpdateTrailCommand({ Name: 'main', IncludeGlobalServiceEvents: false })))).name).toBe('InvalidParameterCombinationException');
    expect((await failure(ct.send(new UpdateTrailCommand({ Name: 'main', S3BucketName: 'x' })))).name).toBe('InvalidS3BucketNameException');
    expect((await failure(ct.send(new UpdateTrailCommand({ Name: 'nothing', EnableLogFileValidation: true })))).name).toBe('TrailNotFoundException');
    const back = await ct.send(new UpdateTrailCommand({ Name: 'main', IsMultiRegionTrail: false, KmsKeyId: '' }));
    expect(back.IsMultiRegionTrail).toBe(false);
    expect(back.KmsKeyId).toBeUndefined();
  });

  it('starts and stops logging, and reports it', async () => {
    await ct.send(new StartLoggingCommand({ Name: 'main' }));
    let status = await ct.send(new GetTrailStatusCommand({ Name: 'main' }));
    expect(status).toMatchObject({ IsLogging: true, TimeLoggingStarted: expect.stringMatching(/Z$/), LatestNotificationAttemptTime: '' });
    expect(Math.abs(status.StartLoggingTime!.getTime() - Date.now())).toBeLessThan(60_000);
    await ct.send(new StartLoggingCommand({ Name: 'main' })); // again: no change
    await ct.send(new StopLoggingCommand({ Name: 'main' }));
    status = await ct.send(new GetTrailStatusCommand({ Name: 'main' }));
    expect(status.IsLogging).toBe(false);
    expect(status.StopLoggingTime!.getTime()).toBeGreaterThanOrEqual(status.StartLoggingTime!.getTime());
    expect((await failure(ct.send(new StopLoggingCommand({ Name: 'nothing' })))).name).toBe('TrailNotFoundException');
  });

  it('puts and gets basic and advanced event selectors, validated as CloudTrail validates them', async () => {
    expect(await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).toMatchObject({
      TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
    });
    const basic = await ct.send(
      new PutEventSelectorsCommand({
        TrailName: 'main',
        EventSelectors: [
          { ReadWriteType: 'WriteOnly', ExcludeManagementEventSources: ['kms.amazonaws.com'] },
          { IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::trail-logs/'] }] },
        ],
      }),
    );
    expect(basic.EventSelectors).toEqual([
      { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: ['kms.amazonaws.com'] },
      { ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::trail-logs/'] }], ExcludeManagementEventSources: [] },
    ]);
    expect((await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).EventSelectors).toEqual(basic.EventSelectors);
    expect((await ct.send(new GetTrailCommand({ Name: 'main' }))).Trail?.HasCustomEventSelectors).toBe(true);

    const advanced = [
      { Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] },
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::trail-logs/'] }] },
    ];
    const put = await ct.send(new PutEventSelectorsCommand({ TrailName: 'main', AdvancedEventSelectors: advanced }));
    expect(put.AdvancedEventSelectors).toEqual(advanced);
    expect(put.EventSelectors).toBeUndefined();
    expect((await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).AdvancedEventSelectors).toEqual(advanced);

    const refused = async (input: Omit<ConstructorParameters<typeof PutEventSelectorsCommand>[0], 'TrailName'>, name: string) =>
      expect((await failure(ct.send(new PutEventSelectorsCommand({ TrailName: 'main', ...input })))).name).toBe(name);
    await refused({ EventSelectors: [{}], AdvancedEventSelectors: advanced }, 'InvalidParameterCombinationException');
    await refused({}, 'InvalidParameterCombinationException');
    await refused({ EventSelectors: Array.from({ length: 6 }, () => ({})) }, 'InvalidEventSelectorsException');
    await refused({ EventSelectors: [{ ExcludeManagementEventSources: ['s3.amazonaws.com'] }] }, 'InvalidEventSelectorsException');
    await refused({ EventSelectors: [{ DataResources: [{ Type: 'AWS::EC2::Snapshot', Values: ['arn:aws:ec2'] }] }] }, 'InvalidEventSelectorsException');
    await refused({ EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:lambda'] }] }] }, 'InvalidEventSelectorsException');
    await refused({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'readOnly', Equals: ['true'] }] }] }, 'InvalidEventSelectorsException');
    await refused({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', StartsWith: ['t'] }] }] }, 'InvalidEventSelectorsException');
    await refused({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventName', Equals: ['x'] }] }] }, 'InvalidEventSelectorsException');
    await refused({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }, 'InvalidEventSelectorsException');
    await refused(
      { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'eventName', Equals: Array.from({ length: 500 }, (_, i) => `E${i}`) }] }] },
      'InvalidEventSelectorsException',
    );
    // What was refused changed nothing.
    expect((await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).AdvancedEventSelectors).toEqual(advanced);
  });

  it('adds, lists and removes tags', async () => {
    const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
    await ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team', Value: 'security' }, { Key: 'tier' }] }));
    await ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team', Value: 'platform' }] }));
    expect((await ct.send(new ListTagsCommand({ ResourceIdList: [arn] }))).ResourceTagList).toEqual([
      { ResourceId: arn, TagsList: [{ Key: 'team', Value: 'platform' }, { Key: 'tier' }] },
    ]);
    await ct.send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'tier' }] }));
    expect((await ct.send(new ListTagsCommand({ ResourceIdList: [arn] }))).ResourceTagList?.[0].TagsList).toEqual([{ Key: 'team', Value: 'platform' }]);

    const refused = async (promise: Promise<unknown>, name: string) => expect((await failure(promise)).name).toBe(name);
    await refused(ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'aws:x', Value: 'y' }] })), 'InvalidTagParameterException');
    await refused(ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'a' }, { Key: 'a' }] })), 'InvalidTagParameterException');
    await refused(ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}` })) })), 'TagsLimitExceededException');
    await refused(ct.send(new AddTagsCommand({ ResourceId: 'main', TagsList: [{ Key: 'a' }] })), 'CloudTrailARNInvalidException');
    await refused(ct.send(new AddTagsCommand({ ResourceId: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/nothing`, TagsList: [{ Key: 'a' }] })), 'ResourceNotFoundException');
    await refused(ct.send(new AddTagsCommand({ ResourceId: `arn:aws:sns:us-east-1:${ACCOUNT}:topic/x`, TagsList: [{ Key: 'a' }] })), 'ResourceTypeNotSupportedException');
    await refused(ct.send(new ListTagsCommand({ ResourceIdList: [`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:eventdatastore/x`] })), 'EventDataStoreNotFoundException');
    expect((await ct.send(new ListTagsCommand({ ResourceIdList: [arn] }))).ResourceTagList?.[0].TagsList).toHaveLength(1);
  });

  it('lists no signing keys before a digest is signed, and refuses a reversed time range', async () => {
    expect((await ct.send(new ListPublicKeysCommand({}))).PublicKeyList).toEqual([]);
    const error = await failure(ct.send(new ListPublicKeysCommand({ StartTime: new Date('2026-01-02T00:00:00Z'), EndTime: new Date('2026-01-01T00:00:00Z') })));
    expect(error.name).toBe('InvalidTimeRangeException');
  });

  it('keeps other accounts out of a trail', async () => {
    // Development mode: a 12-digit access key id acts as that account's root user.
    const other = await cloudTrail(server, 'us-east-1', { accessKeyId: '111122223333', secretAccessKey: 'anything' });
    const denied = await failure(other.send(new GetTrailCommand({ Name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main` })));
    expect(denied.name).toBe('AccessDeniedException');
    expect((await other.send(new ListTrailsCommand({}))).Trails).toEqual([]);
    expect((await failure(other.send(new GetTrailCommand({ Name: 'main' })))).name).toBe('TrailNotFoundException');
  });

  it('deletes a trail', async () => {
    await ct.send(new DeleteTrailCommand({ Name: 'main' }));
    expect((await failure(ct.send(new GetTrailCommand({ Name: 'main' })))).name).toBe('TrailNotFoundException');
    expect((await failure(ct.send(new DeleteTrailCommand({ Name: 'main' })))).name).toBe('TrailNotFoundException');
    expect((await ct.send(new ListTrailsCommand({}))).Trails).toEqual([]);
  });
});
