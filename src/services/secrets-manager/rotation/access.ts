// How the built-in rotators read and write the secret they rotate: as Secrets Manager itself, through
// the same version, label, encryption and replication code the API uses, each call in its own
// transaction (the rotators talk to databases between calls, never inside a transaction). The master
// secret of alternating-users rotation is read the same way, with its own KMS key.
import { AwsError } from '../../../errors.js';
import type { Transaction } from '../../../storage/types.js';
import type { SecretPlace } from '../arns.js';
import { VIA, type SmDeps } from '../deps.js';
import { encryptionContext } from '../encryption.js';
import { keyIdOf } from '../plan.js';
import { loadSecret, resolveSecret, saveSecret, type LoadedSecret, type SecretRecord } from '../records.js';
import { syncReplicas } from '../replication.js';
import { serviceContext } from '../service-context.js';
import { readAsService, writeVersion } from '../values.js';
import { CURRENT, currentVersionId, moveStage, PENDING, versionWithStage } from '../versions.js';
import type { RotationAccess } from './builtin.js';

export function rotationAccess(deps: SmDeps, place: SecretPlace, name: string, arn: string): RotationAccess {
  const load = async (tx: Transaction): Promise<LoadedSecret> => {
    const loaded = await loadSecret(tx, place, name);
    if (!loaded || loaded.record.arn !== arn) throw new Error('the secret being rotated no longer exists');
    return loaded;
  };
  const text = async (tx: Transaction, record: SecretRecord, versionId: string) => {
    const plain = await readAsService(deps, tx, record, versionId, deps.clock.now());
    return plain?.bytes.toString('utf8');
  };

  return {
    value: ({ versionId, stage }) =>
      deps.store.transaction(async (tx) => {
        const { record } = await load(tx);
        const id = versionId ?? (stage ? versionWithStage(record, stage) : undefined);
        const meta = id === undefined ? undefined : record.versions[id];
        if (!id || !meta || !meta.hasValue || (stage !== undefined && !meta.stages.includes(stage))) return undefined;
        return text(tx, record, id);
      }),
    otherSecret: (secretId) =>
      deps.store.transaction(async (tx) => {
        const resolved = await resolveSecret(tx, place, secretId);
        const record = resolved.loaded?.record;
        if (!record || record.deletionDate !== undefined) throw new Error('the master secret does not exist or is marked for deletion');
        const id = currentVersionId(record);
        return id === undefined ? undefined : text(tx, record, id);
      }),
    putPending: (token, value) =>
      deps.store.transaction(async (tx) => {
        const loaded = await load(tx);
        const now = deps.clock.now();
        const plain = { kind: 'string' as const, bytes: Buffer.from(value, 'utf8') };
        const check = await deps.kms.authorizeGenerateDataKey(serviceContext(tx, place, now), {
          ...VIA,
          keyId: keyIdOf(loaded.record),
          encryptionContext: encryptionContext(loaded.record.arn, token),
        });
        try {
          await writeVersion(deps, tx, loaded, token, plain, [PENDING], check, now);
        } catch (error) {
          // A reason without the value: the version exists with other content.
          if (error instanceof AwsError) throw new Error(`createSecret: ${error.message}`);
          throw error;
        }
        await syncReplicas(deps, tx, loaded.record, now, new Map([[token, plain]]));
        saveSecret(tx, loaded);
      }),
    finish: (token) =>
      deps.store.transaction(async (tx) => {
        const loaded = await load(tx);
        const record = loaded.record;
        const current = currentVersionId(record);
        if (current === token) return;
        moveStage(record, CURRENT, token, current);
        const now = deps.clock.now();
        record.lastChangedAt = now;
        await syncReplicas(deps, tx, record, now);
        saveSecret(tx, loaded);
      }),
  };
}
