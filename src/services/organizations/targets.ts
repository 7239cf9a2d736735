// Roots, OUs and accounts as policy targets and tree nodes: one view over the three records that hold
// them (the organization record holds its root), so attaching, tagging and walking the tree treat them
// alike.
import type { Tag } from '../../generated/organizations/types.js';
import type { StoreReader, Transaction } from '../../storage/types.js';
import { targetKind, type TargetKind } from './ids.js';
import type { GuardrailType } from './policy-types.js';
import {
  findMember,
  findOu,
  saveMember,
  saveOrganization,
  saveOu,
  type AttachedPolicies,
  type MemberRecord,
  type OrganizationRecord,
  type OrganizationalUnitRecord,
} from './records.js';

export interface Target {
  kind: TargetKind;
  id: string;
  name: string;
  /** The record's own attachment lists: changing them and calling `save` stores the change. */
  policies: AttachedPolicies;
  tags: Tag[];
  /** Writes the record that holds this target. */
  save(tx: Transaction): void;
}

export function rootTarget(org: OrganizationRecord): Target {
  return {
    kind: 'ROOT',
    id: org.rootId,
    name: 'Root',
    policies: org.rootPolicies,
    get tags() {
      return org.rootTags;
    },
    set tags(tags: Tag[]) {
      org.rootTags = tags;
    },
    save: (tx) => saveOrganization(tx, org),
  };
}

export function ouTarget(org: OrganizationRecord, ou: OrganizationalUnitRecord): Target {
  return {
    kind: 'ORGANIZATIONAL_UNIT',
    id: ou.id,
    name: ou.name,
    policies: ou.policies,
    get tags() {
      return ou.tags;
    },
    set tags(tags: Tag[]) {
      ou.tags = tags;
    },
    save: (tx) => saveOu(tx, org.id, ou),
  };
}

export function accountTarget(member: MemberRecord): Target {
  return {
    kind: 'ACCOUNT',
    id: member.accountId,
    name: member.name,
    policies: member.policies,
    get tags() {
      return member.tags;
    },
    set tags(tags: Tag[]) {
      member.tags = tags;
    },
    save: (tx) => saveMember(tx, member),
  };
}

/** An account of this organization (not one of another organization, nor one in none). */
export async function findOrganizationMember(reader: StoreReader, org: OrganizationRecord, accountId: string): Promise<MemberRecord | undefined> {
  const member = await findMember(reader, accountId);
  return member?.organizationId === org.id ? member : undefined;
}

/** The root, OU or account of this organization that an id names. */
export async function findTarget(reader: StoreReader, org: OrganizationRecord, id: string): Promise<Target | undefined> {
  switch (targetKind(id)) {
    case 'ROOT':
      return id === org.rootId ? rootTarget(org) : undefined;
    case 'ORGANIZATIONAL_UNIT': {
      const ou = await findOu(reader, org.id, id);
      return ou && ouTarget(org, ou);
    }
    case 'ACCOUNT': {
      const member = await findOrganizationMember(reader, org, id);
      return member && accountTarget(member);
    }
    default:
      return undefined;
  }
}

/** A root or OU of this organization (a parent of accounts and OUs), with the path below it. */
export interface Parent {
  kind: 'ROOT' | 'ORGANIZATIONAL_UNIT';
  id: string;
  /** The ids from the root down to and including this parent. */
  path: string[];
}

export async function findParent(reader: StoreReader, org: OrganizationRecord, id: string): Promise<Parent | undefined> {
  if (id === org.rootId) return { kind: 'ROOT', id, path: [id] };
  if (targetKind(id) !== 'ORGANIZATIONAL_UNIT') return undefined;
  const ou = await findOu(reader, org.id, id);
  return ou && { kind: 'ORGANIZATIONAL_UNIT', id, path: [...ou.path, ou.id] };
}

export const attachedOf = (target: Pick<Target, 'policies'>, type: GuardrailType): string[] => target.policies[type] ?? [];
