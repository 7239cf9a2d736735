// Parameter Store through @aws-sdk/client-ssm, on SQLite and PostgreSQL: names and hierarchy,
// versions, selectors and labels (the 100-version limit), history, the listings and their filters,
// tags, tiers and the default-tier setting, public parameters, deletion, and AWS's errors.
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  GetServiceSettingCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  ResetServiceSettingCommand,
  UnlabelParameterVersionCommand,
  UpdateServiceSettingCommand,
  type GetParametersByPathCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { errorCode, failure, ssmClient, unique } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe.each(testBackends())('Parameter Store on %s', (backend) => {
  let server: Server;
  let ssm: SSMClient;
  let account: string;

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    ssm = await ssmClient(server);
    const put = await ssm.send(new PutParameterCommand({ Name: '/probe/account', Value: 'x', Type: 'String' }));
    expect(put.Version).toBe(1);
    const got = await ssm.send(new GetParameterCommand({ Name: '/probe/account' }));
    account = got.Parameter!.ARN!.split(':')[4]!;
  });
  afterAll(() => server?.destroy());

  it('creates, reads and overwrites a parameter, keeping every version', async () => {
    const name = `/${unique('app')}/db/url`;
    const put = await ssm.send(new PutParameterCommand({ Name: name, Value: 'v1', Type: 'String', Description: 'the url' }));
    expect(put).toMatchObject({ Version: 1, Tier: 'Standard' });
    const got = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter!;
    expect(got).toMatchObject({ Name: name, Type: 'String', Value: 'v1', Version: 1, DataType: 'text', ARN: `arn:aws:ssm:us-east-1:${account}:parameter${name}` });

    expect(await errorCode(ssm.send(new PutParameterCommand({ Name: name, Value: 'v2', Type: 'String' })))).toBe('ParameterAlreadyExists');
    const second = await ssm.send(new PutParameterCommand({ Name: name, Value: 'v2', Overwrite: true }));
    expect(second.Version).toBe(2);
    const current = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter!;
    expect(current).toMatchObject({ Value: 'v2', Version: 2, Type: 'String' });
    // Selectors: a version, and the ARN form of the name.
    expect((await ssm.send(new GetParameterCommand({ Name: `${name}:1` }))).Parameter).toMatchObject({ Value: 'v1', Version: 1, Selector: ':1' });
    expect((await ssm.send(new GetParameterCommand({ Name: got.ARN! }))).Parameter!.Value).toBe('v2');
    expect(await errorCode(ssm.send(new GetParameterCommand({ Name: `${name}:9` })))).toBe('ParameterVersionNotFound');

    const history = await ssm.send(new GetParameterHistoryCommand({ Name: name }));
    expect(history.Parameters!.map((p) => [p.Version, p.Value, p.Description])).toEqual([
      [1, 'v1', 'the url'],
      [2, 'v2', 'the url'],
    ]);
  });

  it('answers AWS errors for bad names and requests, and changes nothing', async () => {
    const base = `/${unique('bad')}`;
    const cases: [string, () => Promise<unknown>][] = [
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `${base}/has space`, Value: 'v', Type: 'String' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: '/ssm/x', Value: 'v', Type: 'String' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: 'awsThing', Value: 'v', Type: 'String' }))],
      ['AccessDeniedException', () => ssm.send(new PutParameterCommand({ Name: '/aws/service/mine', Value: 'v', Type: 'String' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `${base}/n`, Value: 'v' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `${base}/t`, Value: 'v', Type: 'String', Overwrite: true, Tags: [{ Key: 'a', Value: 'b' }] }))],
      ['HierarchyLevelLimitExceededException', () => ssm.send(new PutParameterCommand({ Name: '/l'.repeat(16), Value: 'v', Type: 'String' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `/${'n'.repeat(1000)}`, Value: 'v', Type: 'String' }))],
      ['ParameterPatternMismatchException', () => ssm.send(new PutParameterCommand({ Name: `${base}/p`, Value: 'abc', Type: 'String', AllowedPattern: '^\\d+$' }))],
      ['InvalidAllowedPatternException', () => ssm.send(new PutParameterCommand({ Name: `${base}/q`, Value: 'abc', Type: 'String', AllowedPattern: '(' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `${base}/ami`, Value: 'ami-xyz', Type: 'String', DataType: 'aws:ec2:image' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `${base}/dt`, Value: 'v', Type: 'String', DataType: 'Text' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `${base}/k`, Value: 'v', Type: 'String', KeyId: 'alias/aws/ssm' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `${base}/big`, Value: 'x'.repeat(4097), Type: 'String', Tier: 'Standard' }))],
      ['ValidationException', () => ssm.send(new PutParameterCommand({ Name: `${base}/huge`, Value: 'x'.repeat(8193), Type: 'String', Tier: 'Advanced' }))],
      ['ParameterNotFound', () => ssm.send(new GetParameterCommand({ Name: `${base}/none` }))],
      ['ParameterNotFound', () => ssm.send(new DeleteParameterCommand({ Name: `${base}/none` }))],
    ];
    for (const [code, call] of cases) expect(await errorCode(call())).toBe(code);
    // The pattern is kept and checked on every later write.
    const p = `${base}/digits`;
    await ssm.send(new PutParameterCommand({ Name: p, Value: '123', Type: 'String', AllowedPattern: '\\d+' }));
    expect(await errorCode(ssm.send(new PutParameterCommand({ Name: p, Value: '12a', Overwrite: true })))).toBe('ParameterPatternMismatchException');
    await ssm.send(new PutParameterCommand({ Name: `${base}/ami-ok`, Value: 'ami-0123456789abcdef0', Type: 'String', DataType: 'aws:ec2:image' }));
    const listed = await ssm.send(new GetParametersByPathCommand({ Path: base }));
    expect(listed.Parameters!.map((x) => x.Name).sort()).toEqual([`${base}/ami-ok`, p]);
    expect((await ssm.send(new GetParameterCommand({ Name: p }))).Parameter).toMatchObject({ Value: '123', Version: 1 });
  });

  it('accepts plain names and fifteen levels', async () => {
    const plain = unique('plain');
    await ssm.send(new PutParameterCommand({ Name: plain, Value: 'p', Type: 'StringList' }));
    expect((await ssm.send(new GetParameterCommand({ Name: plain }))).Parameter).toMatchObject({ Name: plain, Type: 'StringList', ARN: `arn:aws:ssm:us-east-1:${account}:parameter/${plain}` });
    const deep = `/${unique('d')}${'/l'.repeat(14)}`;
    await ssm.send(new PutParameterCommand({ Name: deep, Value: 'deep', Type: 'String' }));
    expect((await ssm.send(new GetParameterCommand({ Name: deep }))).Parameter!.Value).toBe('deep');
  });

  it('labels versions, moves labels, reads by label, and limits ten labels per version', async () => {
    const name = `/${unique('labels')}/p`;
    for (let i = 1; i <= 3; i++) await ssm.send(new PutParameterCommand({ Name: name, Value: `v${i}`, Type: 'String', Overwrite: true }));
    const labelled = await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['prod', 'bad label', '1st', 'awsX'] }));
    expect(labelled).toMatchObject({ ParameterVersion: 1, InvalidLabels: ['bad label', '1st', 'awsX'] });
    expect((await ssm.send(new GetParameterCommand({ Name: `${name}:prod` }))).Parameter).toMatchObject({ Value: 'v1', Selector: ':prod' });
    // Moving: the label leaves version 1 for the latest version.
    expect((await ssm.send(new LabelParameterVersionCommand({ Name: name, Labels: ['prod'] }))).ParameterVersion).toBe(3);
    expect((await ssm.send(new GetParameterCommand({ Name: `${name}:prod` }))).Parameter!.Value).toBe('v3');
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: name }));
    expect(history.Parameters!.map((p) => p.Labels)).toEqual([[], [], ['prod']]);

    const ten = Array.from({ length: 10 }, (_, i) => `l${i}`);
    expect(await errorCode(ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 3, Labels: ten })))).toBe('ParameterVersionLabelLimitExceeded');
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 2, Labels: ten }));
    expect(await errorCode(ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 2, Labels: ['one-more'] })))).toBe('ParameterVersionLabelLimitExceeded');
    expect(await errorCode(ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 7, Labels: ['x'] })))).toBe('ParameterVersionNotFound');
    expect(await errorCode(ssm.send(new LabelParameterVersionCommand({ Name: `${name}-missing`, Labels: ['x'] })))).toBe('ParameterNotFound');

    const unlabel = await ssm.send(new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: 2, Labels: ['l0', 'prod'] }));
    expect(unlabel).toMatchObject({ RemovedLabels: ['l0'], InvalidLabels: ['prod'] });
    expect(await errorCode(ssm.send(new GetParameterCommand({ Name: `${name}:l0` })))).toBe('ParameterNotFound');
  });

  it('keeps 100 versions, dropping the oldest unless it is labelled', async () => {
    const name = `/${unique('versions')}/p`;
    for (let i = 1; i <= 100; i++) await ssm.send(new PutParameterCommand({ Name: name, Value: `v${i}`, Type: 'String', Overwrite: true }));
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['keep'] }));
    const refused = await failure(ssm.send(new PutParameterCommand({ Name: name, Value: 'v101', Overwrite: true })));
    expect(refused.name).toBe('ParameterMaxVersionLimitExceeded');
    expect(refused.message).toContain('Version 1, the oldest version');
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 50, Labels: ['keep'] }));
    expect((await ssm.send(new PutParameterCommand({ Name: name, Value: 'v101', Overwrite: true }))).Version).toBe(101);
    expect(await errorCode(ssm.send(new GetParameterCommand({ Name: `${name}:1` })))).toBe('ParameterVersionNotFound');
    expect((await ssm.send(new GetParameterCommand({ Name: `${name}:2` }))).Parameter!.Value).toBe('v2');
    const first = await ssm.send(new GetParameterHistoryCommand({ Name: name, MaxResults: 50 }));
    expect(first.Parameters!.length).toBe(50);
    expect(first.Parameters![0]!.Version).toBe(2);
    const second = await ssm.send(new GetParameterHistoryCommand({ Name: name, MaxResults: 50, NextToken: first.NextToken }));
    expect(second.Parameters!.map((p) => p.Version)).toEqual(Array.from({ length: 50 }, (_, i) => 52 + i));
    expect(second.NextToken).toBeUndefined();
    expect(await errorCode(ssm.send(new GetParameterHistoryCommand({ Name: name, NextToken: 'bogus' })))).toBe('InvalidNextToken');
  });

  it('gets several parameters in name order with the invalid ones listed', async () => {
    const base = `/${unique('many')}`;
    await ssm.send(new PutParameterCommand({ Name: `${base}/b`, Value: 'B', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/a`, Value: 'A', Type: 'String' }));
    const got = await ssm.send(new GetParametersCommand({ Names: [`${base}/b`, `${base}/a`, `${base}/missing`, `${base}/a:5`, 'bad name'] }));
    expect(got.Parameters!.map((p) => p.Name)).toEqual([`${base}/a`, `${base}/b`]);
    expect(got.InvalidParameters!.sort()).toEqual([`${base}/a:5`, `${base}/missing`, 'bad name'].sort());
  });

  it('lists by path one level or recursively, with filters and pages', async () => {
    const base = `/${unique('tree')}`;
    for (let i = 0; i < 25; i++) await ssm.send(new PutParameterCommand({ Name: `${base}/svc/p${String(i).padStart(2, '0')}`, Value: `${i}`, Type: i % 5 === 0 ? 'StringList' : 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/svc/deep/q`, Value: 'q', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/svc-sibling/r`, Value: 'r', Type: 'String' }));
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page: GetParametersByPathCommandOutput = await ssm.send(new GetParametersByPathCommand({ Path: `${base}/svc`, NextToken: token }));
      expect(page.Parameters!.length).toBeLessThanOrEqual(10);
      names.push(...page.Parameters!.map((p) => p.Name!));
      token = page.NextToken;
    } while (token);
    expect(names.length).toBe(25);
    expect(names).not.toContain(`${base}/svc/deep/q`);
    const recursive = await ssm.send(new GetParametersByPathCommand({ Path: `${base}/`, Recursive: true, MaxResults: 10 }));
    expect(recursive.NextToken).toBeDefined();
    const all: string[] = [];
    token = undefined;
    do {
      const page: GetParametersByPathCommandOutput = await ssm.send(new GetParametersByPathCommand({ Path: base, Recursive: true, NextToken: token }));
      all.push(...page.Parameters!.map((p) => p.Name!));
      token = page.NextToken;
    } while (token);
    expect(all.length).toBe(27);
    const lists = await ssm.send(new GetParametersByPathCommand({ Path: `${base}/svc`, ParameterFilters: [{ Key: 'Type', Values: ['StringList'] }] }));
    expect(lists.Parameters!.map((p) => p.Name)).toEqual([0, 5, 10, 15, 20].map((i) => `${base}/svc/p${String(i).padStart(2, '0')}`));
    expect(await errorCode(ssm.send(new GetParametersByPathCommand({ Path: base, ParameterFilters: [{ Key: 'Name', Values: ['x'] }] })))).toBe('InvalidFilterKey');
    expect(await errorCode(ssm.send(new GetParametersByPathCommand({ Path: base, ParameterFilters: [{ Key: 'Label', Option: 'BeginsWith', Values: ['x'] }] })))).toBe('InvalidFilterOption');
    expect(await errorCode(ssm.send(new GetParametersByPathCommand({ Path: 'no-slash' })))).toBe('ValidationException');
  });

  it('describes parameters with every filter key and option', async () => {
    const base = `/${unique('desc')}`;
    await ssm.send(new PutParameterCommand({ Name: `${base}/one`, Value: '1', Type: 'String', Tags: [{ Key: 'team', Value: 'blue' }] }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/two`, Value: '2', Type: 'StringList', Tier: 'Advanced', Description: 'second' }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/sub/three`, Value: 'ami-0123456789abcdef0', Type: 'String', DataType: 'aws:ec2:image' }));
    const describe = async (filters: { Key: string; Option?: string; Values?: string[] }[]) => {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await ssm.send(new DescribeParametersCommand({ ParameterFilters: filters, NextToken: token, MaxResults: 2 }));
        names.push(...page.Parameters!.map((p) => p.Name!));
        token = page.NextToken;
      } while (token);
      return names.sort();
    };
    expect(await describe([{ Key: 'Path', Values: [base] }])).toEqual([`${base}/one`, `${base}/two`]);
    expect(await describe([{ Key: 'Path', Option: 'Recursive', Values: [base] }])).toEqual([`${base}/one`, `${base}/sub/three`, `${base}/two`]);
    expect(await describe([{ Key: 'Name', Option: 'BeginsWith', Values: [`${base}/t`] }])).toEqual([`${base}/two`]);
    expect(await describe([{ Key: 'Name', Option: 'Contains', Values: [`${base.slice(1)}/o`] }])).toEqual([`${base}/one`]);
    expect(await describe([{ Key: 'Name', Values: [`${base}/one`] }])).toEqual([`${base}/one`]);
    expect(await describe([{ Key: 'Path', Option: 'Recursive', Values: [base] }, { Key: 'Tier', Values: ['Advanced'] }])).toEqual([`${base}/two`]);
    expect(await describe([{ Key: 'Path', Option: 'Recursive', Values: [base] }, { Key: 'Type', Values: ['StringList'] }])).toEqual([`${base}/two`]);
    expect(await describe([{ Key: 'Path', Option: 'Recursive', Values: [base] }, { Key: 'DataType', Values: ['aws:ec2:image'] }])).toEqual([`${base}/sub/three`]);
    expect(await describe([{ Key: 'tag:team', Values: ['blue'] }])).toEqual([`${base}/one`]);
    expect(await describe([{ Key: 'tag:team' }])).toEqual([`${base}/one`]);
    const legacy = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: [`${base}/tw`] }] }));
    expect(legacy.Parameters!.map((p) => p.Name)).toEqual([`${base}/two`]);
    const two = (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [`${base}/two`] }] }))).Parameters![0]!;
    expect(two).toMatchObject({ Tier: 'Advanced', Description: 'second', Type: 'StringList', Version: 1, DataType: 'text' });
    expect(two.LastModifiedUser).toMatch(/^arn:aws:iam::\d{12}:root$/);
    expect(await errorCode(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Label', Values: ['x'] }] })))).toBe('InvalidFilterKey');
    expect(await errorCode(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['String'] }] })))).toBe('InvalidFilterOption');
    expect(await errorCode(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Values: ['Nope'] }] })))).toBe('InvalidFilterValue');
    expect(await errorCode(ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['x'] }], ParameterFilters: [{ Key: 'Name', Values: ['x'] }] })))).toBe('ValidationException');
    expect(await errorCode(ssm.send(new DescribeParametersCommand({ NextToken: 'not-a-token' })))).toBe('InvalidNextToken');
    expect((await ssm.send(new DescribeParametersCommand({ Shared: true }))).Parameters).toEqual([]);
  });

  it('tags parameters', async () => {
    const name = `/${unique('tags')}/p`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String', Tags: [{ Key: 'a', Value: '1' }] }));
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '3' }] }));
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }))).TagList).toEqual([
      { Key: 'a', Value: '3' },
      { Key: 'b', Value: '2' },
    ]);
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: name, TagKeys: ['a'] }));
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }))).TagList).toEqual([{ Key: 'b', Value: '2' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await errorCode(ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: many })))).toBe('TooManyTagsError');
    expect(await errorCode(ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: `${name}-none` })))).toBe('InvalidResourceId');
    expect(await errorCode(ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: 'doc' })))).toBe('InvalidResourceId');
  });

  it('applies tiers: Advanced never goes back, Intelligent-Tiering and the default-tier setting', async () => {
    const name = `/${unique('tier')}/p`;
    expect((await ssm.send(new PutParameterCommand({ Name: name, Value: 'x'.repeat(5000), Type: 'String', Tier: 'Intelligent-Tiering' }))).Tier).toBe('Advanced');
    expect(await errorCode(ssm.send(new PutParameterCommand({ Name: name, Value: 'small', Overwrite: true, Tier: 'Standard' })))).toBe('ValidationException');
    expect((await ssm.send(new PutParameterCommand({ Name: name, Value: 'small', Overwrite: true }))).Tier).toBe('Advanced');
    const small = `/${unique('tier')}/q`;
    expect((await ssm.send(new PutParameterCommand({ Name: small, Value: 'x', Type: 'String', Tier: 'Intelligent-Tiering' }))).Tier).toBe('Standard');

    const settingId = '/ssm/parameter-store/default-parameter-tier';
    expect((await ssm.send(new GetServiceSettingCommand({ SettingId: settingId }))).ServiceSetting).toMatchObject({ SettingValue: 'Standard', Status: 'Default' });
    await ssm.send(new UpdateServiceSettingCommand({ SettingId: `arn:aws:ssm:us-east-1:${account}:servicesetting${settingId}`, SettingValue: 'Advanced' }));
    const setting = (await ssm.send(new GetServiceSettingCommand({ SettingId: settingId }))).ServiceSetting!;
    expect(setting).toMatchObject({ SettingValue: 'Advanced', Status: 'Customized', ARN: `arn:aws:ssm:us-east-1:${account}:servicesetting${settingId}` });
    expect((await ssm.send(new PutParameterCommand({ Name: `/${unique('tier')}/r`, Value: 'x', Type: 'String' }))).Tier).toBe('Advanced');
    const reset = await ssm.send(new ResetServiceSettingCommand({ SettingId: settingId }));
    expect(reset.ServiceSetting).toMatchObject({ SettingValue: 'Standard', Status: 'Default' });
    expect(await errorCode(ssm.send(new UpdateServiceSettingCommand({ SettingId: settingId, SettingValue: 'Premium' })))).toBe('ValidationException');
    expect(await errorCode(ssm.send(new GetServiceSettingCommand({ SettingId: '/ssm/no/such' })))).toBe('ServiceSettingNotFound');
    await ssm.send(new UpdateServiceSettingCommand({ SettingId: '/ssm/parameter-store/high-throughput-enabled', SettingValue: 'true' }));
    expect((await ssm.send(new GetServiceSettingCommand({ SettingId: '/ssm/parameter-store/high-throughput-enabled' }))).ServiceSetting!.SettingValue).toBe('true');
  });

  it('serves public parameters read-only', async () => {
    const region = await ssm.send(new GetParameterCommand({ Name: '/aws/service/global-infrastructure/regions/eu-west-1' }));
    expect(region.Parameter).toMatchObject({ Value: 'eu-west-1', Type: 'String', ARN: 'arn:aws:ssm:us-east-1::parameter/aws/service/global-infrastructure/regions/eu-west-1' });
    const regions = await ssm.send(new GetParametersByPathCommand({ Path: '/aws/service/global-infrastructure/regions' }));
    expect(regions.Parameters!.length).toBe(10);
    expect(regions.NextToken).toBeDefined();
    const ami = await ssm.send(new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }));
    expect(ami.Parameter!.Value).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(await errorCode(ssm.send(new PutParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64', Value: 'ami-00000000', Type: 'String', Overwrite: true })))).toBe('AccessDeniedException');
    expect(await errorCode(ssm.send(new DeleteParameterCommand({ Name: '/aws/service/global-infrastructure/regions/eu-west-1' })))).toBe('AccessDeniedException');
  });

  it('deletes parameters one by one and in batches', async () => {
    const base = `/${unique('del')}`;
    await ssm.send(new PutParameterCommand({ Name: `${base}/a`, Value: 'a', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/b`, Value: 'b', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/c`, Value: 'c', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/c`, Value: 'c2', Type: 'String', Overwrite: true }));
    await ssm.send(new DeleteParameterCommand({ Name: `${base}/a` }));
    expect(await errorCode(ssm.send(new GetParameterCommand({ Name: `${base}/a` })))).toBe('ParameterNotFound');
    const batch = await ssm.send(new DeleteParametersCommand({ Names: [`${base}/b`, `${base}/c`, `${base}/zzz`] }));
    expect(batch).toMatchObject({ DeletedParameters: [`${base}/b`, `${base}/c`], InvalidParameters: [`${base}/zzz`] });
    expect((await ssm.send(new GetParametersByPathCommand({ Path: base }))).Parameters).toEqual([]);
    // Recreated from scratch: version 1, no history left behind.
    await ssm.send(new PutParameterCommand({ Name: `${base}/c`, Value: 'new', Type: 'String' }));
    expect((await ssm.send(new GetParameterHistoryCommand({ Name: `${base}/c` }))).Parameters!.map((p) => p.Version)).toEqual([1]);
  });

  it('answers concurrent updates of one parameter with TooManyUpdates or a new version each', async () => {
    const name = `/${unique('race')}/p`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'v0', Type: 'String' }));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => ssm.send(new PutParameterCommand({ Name: name, Value: `v${i + 1}`, Overwrite: true }))),
    );
    const versions = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.Version!] : []));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : []));
    expect(new Set(failures)).toEqual(new Set(failures.length ? ['TooManyUpdates'] : []));
    expect(new Set(versions).size).toBe(versions.length);
    const current = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter!;
    expect(current.Version).toBe(1 + versions.length);
  });
});
