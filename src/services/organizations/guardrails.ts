// The authorizer's OrganizationPolicySource (src/server/authorize.ts): for each request, the caller's
// service control policies and organization condition keys, and the resource control policies of the
// accounts that own the resources it acts on.
//
//   SCPs  apply to every principal of a member account (its root user included), one level per node
//         from the root through its OUs to the account, each of which must allow; not to the
//         management account, nor to service-linked roles.
//   RCPs  apply to resources of member accounts, for the services that support them, whoever the
//         caller is; not to the management account's resources, service-linked roles, or AWS managed
//         KMS keys. Only their denies count (RCPFullAWSAccess allows everything and cannot be detached,
//         so it is left out).
//   aws:PrincipalOrgID and aws:PrincipalOrgPaths for principals of accounts in an organization.
//
// Cost per request: one read (the caller's member record) when its account is in no organization or is
// the management account; two (with the organization record) for a member account. The organization's
// attachments and policy documents are compiled once per process and kept while the organization
// record's version is unchanged: every change to them rewrites that record (records.ts `touch`), so a
// change counts from the next request on every worker. An RCP check on another account's resource reads
// that account's member record (and its organization record if it is another organization).
import type { NamedPolicy } from '../../iam/types.js';
import type { Principal } from '../../identity/principal.js';
import type { OrganizationGuardrails, OrganizationPolicySource } from '../../server/authorize.js';
import type { AuthorizationCheck } from '../authorization.js';
import type { StoreReader } from '../../storage/types.js';
import { entityPath, policyArn } from './arns.js';
import { awsManagedPolicy, defaultPolicyOf, type GuardrailType } from './policy-types.js';
import {
  findMember,
  listValues,
  organizationKey,
  ouPrefix,
  policyPrefix,
  type AttachedPolicies,
  type MemberRecord,
  type OrganizationRecord,
  type OrganizationalUnitRecord,
  type PolicyRecord,
} from './records.js';

/** Services whose resources RCPs govern (Organizations User Guide, "Resource control policies"). */
const RCP_SERVICES = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'cognito-identity', 'logs', 'dynamodb', 'ecr', 'aoss']);
const MAX_CACHED_ORGANIZATIONS = 1000;

type Levels = (readonly NamedPolicy[])[];

/** What the guardrails of one organization need, compiled from its records at one version. */
interface CompiledOrganization {
  version: number;
  org: OrganizationRecord;
  /** Attachments of the root and of each OU, by id (accounts' own are on their member records). */
  nodes: Map<string, AttachedPolicies>;
  /** Customer managed policies by id. */
  policies: Map<string, PolicyRecord>;
}

function isServiceLinkedRole(principal: Principal): boolean {
  return principal.type === 'AssumedRole' && (principal.session?.roleArn?.includes(':role/aws-service-role/') ?? false);
}

/** The SCP or RCP levels of an account, root first, each policy named by its ARN or (for callers outside the organization) its id. */
function levelsOf(compiled: CompiledOrganization, member: MemberRecord, type: GuardrailType, partition: string, byArn: boolean, skip?: string): Levels {
  const place = { partition, managementAccountId: compiled.org.managementAccountId, organizationId: compiled.org.id };
  const attachments = [...member.path.map((id) => compiled.nodes.get(id) ?? {}), member.policies];
  return attachments.map((attached) => {
    const level: NamedPolicy[] = [];
    for (const id of attached[type] ?? []) {
      if (id === skip) continue;
      const managed = awsManagedPolicy(id);
      const content = managed?.content ?? compiled.policies.get(id)?.content;
      // Attached policies cannot be deleted; a missing one is skipped rather than failing every request.
      if (content !== undefined) level.push({ id: byArn ? policyArn(place, type, id, managed !== undefined) : id, document: content });
    }
    return level;
  });
}

export function createOrganizationPolicySource(): OrganizationPolicySource {
  const cache = new Map<string, CompiledOrganization>();

  async function compile(reader: StoreReader, orgId: string): Promise<CompiledOrganization | undefined> {
    const record = await reader.get(organizationKey(orgId));
    if (!record) return undefined;
    const cached = cache.get(orgId);
    if (cached && record.version !== 0 && cached.version === record.version) return cached;
    const org = record.value as unknown as OrganizationRecord;
    const nodes = new Map<string, AttachedPolicies>([[org.rootId, org.rootPolicies]]);
    for (const ou of await listValues<OrganizationalUnitRecord>(reader, ouPrefix(orgId))) nodes.set(ou.id, ou.policies);
    const policies = new Map<string, PolicyRecord>();
    for (const policy of await listValues<PolicyRecord>(reader, policyPrefix(orgId))) policies.set(policy.id, policy);
    const compiled: CompiledOrganization = { version: record.version, org, nodes, policies };
    // Cache only what was read at one committed version (a record this transaction wrote has version 0).
    const after = record.version === 0 ? undefined : await reader.get(organizationKey(orgId));
    if (after?.version === record.version) {
      if (!cache.has(orgId) && cache.size >= MAX_CACHED_ORGANIZATIONS) cache.delete(cache.keys().next().value!);
      cache.set(orgId, compiled);
    }
    return compiled;
  }

  return {
    async forRequest(principal, reader): Promise<OrganizationGuardrails> {
      // Each record is read at most once per request, however many checks ask.
      const members = new Map<string, Promise<MemberRecord | undefined>>();
      const organizations = new Map<string, Promise<CompiledOrganization | undefined>>();
      const memberOf = (accountId: string) => {
        let found = members.get(accountId);
        if (!found) members.set(accountId, (found = findMember(reader, accountId)));
        return found;
      };
      const organizationOf = (orgId: string) => {
        let found = organizations.get(orgId);
        if (!found) organizations.set(orgId, (found = compile(reader, orgId)));
        return found;
      };
      const serviceLinked = isServiceLinkedRole(principal);
      const caller = await memberOf(principal.accountId);

      const guardrails: OrganizationGuardrails = {
        async resourceControlPolicies(check: AuthorizationCheck) {
          if (serviceLinked || !RCP_SERVICES.has(check.action.slice(0, check.action.indexOf(':')).toLowerCase())) return undefined;
          if (check.resource.context?.['kms:KeyManager'] === 'AWS') return undefined;
          const owner = await memberOf(check.resource.accountId || principal.accountId);
          if (!owner || owner.management) return undefined;
          const compiled = await organizationOf(owner.organizationId);
          if (!compiled?.org.enabledPolicyTypes.includes('RESOURCE_CONTROL_POLICY')) return undefined;
          // AWS names the denying policy only to callers in the same organization.
          const sameOrganization = caller?.organizationId === owner.organizationId;
          const full = defaultPolicyOf('RESOURCE_CONTROL_POLICY').id;
          const levels = levelsOf(compiled, owner, 'RESOURCE_CONTROL_POLICY', principal.partition, sameOrganization, full).filter((level) => level.length > 0);
          return levels.length > 0 ? levels : undefined;
        },
      };
      if (!caller) return guardrails;
      guardrails.organizationId = caller.organizationId;
      guardrails.organizationPaths = [entityPath(caller.organizationId, caller.path)];
      if (caller.management || serviceLinked) return guardrails;
      const compiled = await organizationOf(caller.organizationId);
      if (compiled?.org.enabledPolicyTypes.includes('SERVICE_CONTROL_POLICY')) {
        guardrails.serviceControlPolicies = levelsOf(compiled, caller, 'SERVICE_CONTROL_POLICY', principal.partition, true);
      }
      return guardrails;
    },
  };
}
