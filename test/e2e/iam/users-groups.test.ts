// IAM users, groups and tags through @aws-sdk/client-iam and the AWS CLI, on both backends: AWS's
// shapes, ids, case-insensitive names, and the error codes and messages of the failure cases.
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetUserCommand,
  IAMClient,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  DeleteUserPolicyCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  PutGroupPolicyCommand,
  DeleteGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { failure, policy } from './support.js';

describe.each(testBackends())('IAM users and groups on %s', (backend) => {
  let server: TestServer;
  let iam: IAMClient;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    iam = new IAMClient(server.clientConfig());
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('creates a user with AWS ids and ARNs, and finds it without regard to case', async () => {
    const { User } = await iam.send(new CreateUserCommand({ UserName: 'Alice', Path: '/staff/', Tags: [{ Key: 'team', Value: 'blue' }] }));
    expect(User).toMatchObject({ UserName: 'Alice', Path: '/staff/', Arn: 'arn:aws:iam::000000000000:user/staff/Alice', Tags: [{ Key: 'team', Value: 'blue' }] });
    expect(User!.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(User!.CreateDate).toBeInstanceOf(Date);
    const got = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    expect(got.User).toMatchObject({ UserName: 'Alice', UserId: User!.UserId });
  });

  it('refuses a second user whose name differs only by case: EntityAlreadyExists', async () => {
    const error = await failure(iam.send(new CreateUserCommand({ UserName: 'ALICE' })));
    expect(error).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409, message: 'User with name ALICE already exists.' });
  });

  it('answers an unknown user with NoSuchEntity and AWS message', async () => {
    const error = await failure(iam.send(new GetUserCommand({ UserName: 'nobody' })));
    expect(error).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'The user with name nobody cannot be found.' });
  });

  it('refuses invalid names with the model validation error', async () => {
    const error = await failure(iam.send(new CreateUserCommand({ UserName: 'bad name!' })));
    expect(error.name).toBe('ValidationError');
    expect((await iam.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName)).not.toContain('bad name!');
  });

  it('GetUser without a name answers for the caller (the root user)', async () => {
    const { User } = await iam.send(new GetUserCommand({}));
    expect(User).toMatchObject({ UserId: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
  });

  it('lists users by path prefix, paginated with Marker', async () => {
    for (const name of ['u1', 'u2', 'u3']) await iam.send(new CreateUserCommand({ UserName: name, Path: '/list/' }));
    const first = await iam.send(new ListUsersCommand({ PathPrefix: '/list/', MaxItems: 2 }));
    expect(first.Users!.map((u) => u.UserName)).toEqual(['u1', 'u2']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListUsersCommand({ PathPrefix: '/list/', MaxItems: 2, Marker: first.Marker }));
    expect(second.Users!.map((u) => u.UserName)).toEqual(['u3']);
    expect(second.IsTruncated).toBe(false);
    // ListUsers leaves tags out, as AWS does.
    const all = await iam.send(new ListUsersCommand({}));
    expect(all.Users!.find((u) => u.UserName === 'Alice')!.Tags).toBeUndefined();
  });

  it('tags and untags a user; duplicate keys are refused', async () => {
    await iam.send(new TagUserCommand({ UserName: 'Alice', Tags: [{ Key: 'cost', Value: '42' }, { Key: 'TEAM', Value: 'red' }] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'Alice' }))).Tags).toEqual([
      { Key: 'TEAM', Value: 'red' },
      { Key: 'cost', Value: '42' },
    ]);
    await iam.send(new UntagUserCommand({ UserName: 'Alice', TagKeys: ['cost'] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'Alice' }))).Tags).toEqual([{ Key: 'TEAM', Value: 'red' }]);
    const error = await failure(iam.send(new TagUserCommand({ UserName: 'Alice', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })));
    expect(error).toMatchObject({ name: 'InvalidInputException', status: 400 });
  });

  it('renames a user; its access keys act as the renamed user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
    await iam.send(new UpdateUserCommand({ UserName: 'bob', NewUserName: 'robert', NewPath: '/ops/' }));
    expect(await failure(iam.send(new GetUserCommand({ UserName: 'bob' })))).toMatchObject({ name: 'NoSuchEntityException' });
    const sts = new STSClient(server.clientConfig({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::000000000000:user/ops/robert');
    const taken = await failure(iam.send(new UpdateUserCommand({ UserName: 'robert', NewUserName: 'alice' })));
    expect(taken).toMatchObject({ name: 'EntityAlreadyExistsException' });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'robert', AccessKeyId: key.AccessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'robert' }));
  });

  it('groups: create, membership, listing and the DeleteConflict rules', async () => {
    const { Group } = await iam.send(new CreateGroupCommand({ GroupName: 'admins', Path: '/eng/' }));
    expect(Group).toMatchObject({ GroupName: 'admins', Arn: 'arn:aws:iam::000000000000:group/eng/admins' });
    expect(Group!.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(await failure(iam.send(new CreateGroupCommand({ GroupName: 'ADMINS' })))).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Group with name ADMINS already exists.',
    });
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'Alice' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'u1' }));
    const got = await iam.send(new GetGroupCommand({ GroupName: 'Admins' }));
    expect(got.Users!.map((u) => u.UserName)).toEqual(['Alice', 'u1']);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }))).Groups!.map((g) => g.GroupName)).toEqual(['admins']);
    expect((await iam.send(new ListGroupsCommand({ PathPrefix: '/eng/' }))).Groups!.map((g) => g.GroupName)).toEqual(['admins']);
    expect(await failure(iam.send(new AddUserToGroupCommand({ GroupName: 'nope', UserName: 'Alice' })))).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The group with name nope cannot be found.',
    });

    // A user in a group cannot be deleted; a group with members cannot be deleted.
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'u1' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(await failure(iam.send(new DeleteGroupCommand({ GroupName: 'admins' })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove users from group first.',
    });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'Alice' }));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'u1' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    expect(await failure(iam.send(new DeleteGroupCommand({ GroupName: 'admins' })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete policies first.',
    });
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'p' }));
    await iam.send(new UpdateGroupCommand({ GroupName: 'admins', NewGroupName: 'operators' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'operators' }));
    expect(await failure(iam.send(new GetGroupCommand({ GroupName: 'operators' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('DeleteUser refuses while access keys or policies remain', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'carol' })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete access keys first.',
    });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'carol', AccessKeyId: key.AccessKeyId }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'carol' })))).toMatchObject({
      message: 'Cannot delete entity, must delete policies first.',
    });
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'p' }));
    await iam.send(new DeleteUserCommand({ UserName: 'carol' }));
    expect(await failure(iam.send(new GetUserCommand({ UserName: 'carol' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('the AWS CLI creates, reads, lists and deletes a user, and gets AWS error codes', async () => {
    const created = await awsCli(server, ['iam', 'create-user', '--user-name', 'cli-user', '--tags', 'Key=k,Value=v']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).User).toMatchObject({ UserName: 'cli-user', Tags: [{ Key: 'k', Value: 'v' }] });
    const got = await awsCli(server, ['iam', 'get-user', '--user-name', 'cli-user']);
    expect(JSON.parse(got.stdout).User.Arn).toBe('arn:aws:iam::000000000000:user/cli-user');
    const duplicate = await awsCli(server, ['iam', 'create-user', '--user-name', 'CLI-USER']);
    expect(cliErrorCode(duplicate)).toBe('EntityAlreadyExists');
    expect((await awsCli(server, ['iam', 'delete-user', '--user-name', 'cli-user'])).code).toBe(0);
    expect(cliErrorCode(await awsCli(server, ['iam', 'get-user', '--user-name', 'cli-user']))).toBe('NoSuchEntity');
  });
});
