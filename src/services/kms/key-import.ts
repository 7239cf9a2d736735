// Imported key material (BYOK): GetParametersForImport (an RSA wrapping key and a 24-hour import
// token), ImportKeyMaterial (the material wrapped with RSAES-OAEP, or with AES key wrap with padding
// (RFC 5649) under an ephemeral AES key that is itself RSAES-OAEP wrapped), DeleteImportedKeyMaterial,
// and the scheduler job that deletes material at its ValidTo. Only the same material may be imported
// again (its id is derived from the key and the material); symmetric keys may also import new
// material for an on-demand rotation. The wrapping private key is stored sealed.
import { constants, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPair, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { AwsError } from '../../errors.js';
import type {
  DeleteImportedKeyMaterialRequest,
  DeleteImportedKeyMaterialResponse,
  GetParametersForImportRequest,
  GetParametersForImportResponse,
  ImportKeyMaterialRequest,
  ImportKeyMaterialResponse,
  WrappingKeySpec,
} from '../../generated/kms/types.js';
import type { JobHandler } from '../../scheduler/scheduler.js';
import type { JsonValue, Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { DAY_MS, expireMaterialJobId, JOB_EXPIRE_MATERIAL, type KmsDeps } from './deps.js';
import { importStorageKey, keyImportsPrefix, loadKeyAt, materialAad, materialsOf, placeOf, saveKey, type KeyRecord, type LoadedKey, type MaterialVersion } from './key-record.js';
import { assertKeyState, wrongOrigin } from './key-states.js';
import { KEY_SPECS } from './key-specs.js';
import { importedMaterialId, type NewMaterial } from './material.js';

const generateKeyPairAsync = promisify(generateKeyPair);
const TOKEN_LIFETIME_MS = DAY_MS;
const MAX_VALID_TO_MS = 365 * DAY_MS;
const TOKEN_FORMAT = 1;

interface ImportParameters {
  tokenId: string;
  keyId: string;
  wrappingAlgorithm: GetParametersForImportRequest['WrappingAlgorithm'];
  wrappingKeySpec: WrappingKeySpec;
  /** The wrapping private key (PKCS#8 DER), sealed by the keyring. */
  sealedPrivateKey: string;
  expiresAt: number;
}

function requireImportable(loaded: LoadedKey): KeyRecord {
  const key = loaded.record;
  if (key.origin !== 'EXTERNAL') throw wrongOrigin(key);
  assertKeyState(key, 'not-pending-deletion');
  return key;
}

export async function GetParametersForImport(input: GetParametersForImportRequest, ctx: HandlerContext, deps: KmsDeps): Promise<GetParametersForImportResponse> {
  const loaded = checkedKey(ctx);
  const key = requireImportable(loaded);
  if (input.WrappingKeySpec === 'SM2' || input.WrappingAlgorithm === 'SM2PKE') {
    throw new AwsError('ValidationException', 'SM2 wrapping keys and the SM2PKE wrapping algorithm are supported only in the China Regions.');
  }
  if (input.WrappingAlgorithm === 'RSAES_PKCS1_V1_5') {
    throw new AwsError('ValidationException', 'The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.');
  }
  const bits = Number(input.WrappingKeySpec.slice('RSA_'.length));
  const pair = await generateKeyPairAsync('rsa', { modulusLength: bits, publicExponent: 65537 });
  const place = placeOf(key);
  // Expired parameters of this key are of no more use.
  for (const old of await ctx.tx.list<JsonValue>({ prefix: keyImportsPrefix(place, key.keyId) })) {
    if ((old.value as unknown as ImportParameters).expiresAt < ctx.now) ctx.tx.delete(old.key);
  }
  const tokenId = randomBytes(16).toString('hex');
  const storageKey = importStorageKey(place, key.keyId, tokenId);
  const parameters: ImportParameters = {
    tokenId,
    keyId: key.keyId,
    wrappingAlgorithm: input.WrappingAlgorithm,
    wrappingKeySpec: input.WrappingKeySpec,
    sealedPrivateKey: deps.keyring.seal(pair.privateKey.export({ format: 'der', type: 'pkcs8' }), storageKey),
    expiresAt: ctx.now + TOKEN_LIFETIME_MS,
  };
  ctx.tx.put(storageKey, parameters as unknown as JsonValue);
  const token = Buffer.concat([Buffer.from([TOKEN_FORMAT]), Buffer.from(key.keyId, 'latin1'), Buffer.from(tokenId, 'hex')]);
  return {
    KeyId: key.arn,
    ImportToken: token,
    PublicKey: pair.publicKey.export({ format: 'der', type: 'spki' }),
    ParametersValidTo: new Date(parameters.expiresAt),
  };
}

const invalidToken = (why: string) => new AwsError('InvalidImportTokenException', why);

async function importParameters(tx: Transaction, key: KeyRecord, token: Uint8Array, now: number): Promise<{ parameters: ImportParameters; storageKey: string }> {
  const bytes = Buffer.from(token);
  if (bytes.length !== 1 + 36 + 16 || bytes[0] !== TOKEN_FORMAT) throw invalidToken('The import token is not valid.');
  const keyId = bytes.toString('latin1', 1, 37);
  if (keyId !== key.keyId) throw invalidToken('The import token is associated with a different KMS key.');
  const storageKey = importStorageKey(placeOf(key), key.keyId, bytes.subarray(37).toString('hex'));
  const stored = await tx.get<JsonValue>(storageKey);
  if (!stored) throw invalidToken('The import token is not valid.');
  const parameters = stored.value as unknown as ImportParameters;
  if (parameters.expiresAt < now) {
    throw new AwsError('ExpiredImportTokenException', 'The import token has expired. Use GetParametersForImport to get a new public key and import token.');
  }
  return { parameters, storageKey };
}

function unwrap(wrappingKey: KeyObject, algorithm: ImportParameters['wrappingAlgorithm'], wrapped: Buffer): Buffer {
  const oaepHash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const oaep = (data: Buffer) => privateDecrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
  try {
    if (algorithm === 'RSAES_OAEP_SHA_1' || algorithm === 'RSAES_OAEP_SHA_256') return oaep(wrapped);
    const modulusBytes = wrappingKey.asymmetricKeyDetails!.modulusLength! / 8;
    const aesKey = oaep(wrapped.subarray(0, modulusBytes));
    if (![16, 24, 32].includes(aesKey.length)) throw new Error('the ephemeral AES key has a wrong length');
    const decipher = createDecipheriv(`id-aes${aesKey.length * 8}-wrap-pad`, aesKey, Buffer.from('A65959A6', 'hex'));
    return Buffer.concat([decipher.update(wrapped.subarray(modulusBytes)), decipher.final()]);
  } catch {
    throw new AwsError('InvalidCiphertextException', 'KMS could not decrypt the encrypted (wrapped) key material.');
  }
}

const incorrectMaterial = (message: string) => new AwsError('IncorrectKeyMaterialException', message);

/** The imported material as this key spec needs it (asymmetric keys: a PKCS#8 private key of the right kind). */
function checkMaterial(key: KeyRecord, secret: Buffer): NewMaterial {
  const spec = KEY_SPECS[key.keySpec];
  if (spec.family === 'symmetric') {
    if (secret.length !== 32) throw incorrectMaterial(`Key material for key spec ${key.keySpec} must be 256 bits (32 bytes) long.`);
    return { secret };
  }
  if (spec.family === 'hmac') {
    const { min, max } = spec.hmacKeyBytes!;
    if (secret.length < min || secret.length > max) throw incorrectMaterial(`Key material for key spec ${key.keySpec} must be ${min} to ${max} bytes long.`);
    return { secret };
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: secret, format: 'der', type: 'pkcs8' });
  } catch {
    throw incorrectMaterial(`Key material for key spec ${key.keySpec} must be a DER-encoded PKCS#8 private key.`);
  }
  const details = privateKey.asymmetricKeyDetails ?? {};
  const matches =
    spec.family === 'rsa'
      ? privateKey.asymmetricKeyType === 'rsa' && details.modulusLength === spec.modulusBits
      : privateKey.asymmetricKeyType === 'ec' && details.namedCurve === spec.curve;
  if (!matches) throw incorrectMaterial(`The private key is not a ${key.keySpec} key.`);
  return {
    secret: privateKey.export({ format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKeyDer(privateKey),
  };
}

function createPublicKeyDer(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
}

function validateExpiration(input: ImportKeyMaterialRequest, now: number): { expirationModel: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'; validTo?: number } {
  const expirationModel = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  if (expirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (input.ValidTo !== undefined) throw new AwsError('ValidationException', 'ValidTo is valid only when the ExpirationModel is KEY_MATERIAL_EXPIRES.');
    return { expirationModel };
  }
  if (input.ValidTo === undefined) throw new AwsError('ValidationException', 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
  const validTo = input.ValidTo.getTime();
  if (validTo <= now) throw new AwsError('ValidationException', 'ValidTo must be a date and time in the future.');
  if (validTo > now + MAX_VALID_TO_MS) throw new AwsError('ValidationException', 'ValidTo can be at most 365 days after the request date.');
  return { expirationModel, validTo };
}

export async function ImportKeyMaterial(input: ImportKeyMaterialRequest, ctx: HandlerContext, deps: KmsDeps): Promise<ImportKeyMaterialResponse> {
  const loaded = checkedKey(ctx);
  const key = requireImportable(loaded);
  const symmetric = key.keySpec === 'SYMMETRIC_DEFAULT';
  if (!symmetric && (input.ImportType !== undefined || input.KeyMaterialId !== undefined || input.KeyMaterialDescription !== undefined)) {
    throw new AwsError('ValidationException', 'ImportType, KeyMaterialId and KeyMaterialDescription are valid only for symmetric encryption KMS keys.');
  }
  const expiration = validateExpiration(input, ctx.now);
  const { parameters, storageKey } = await importParameters(ctx.tx, key, input.ImportToken, ctx.now);
  const wrappingKey = createPrivateKey({ key: deps.keyring.open(parameters.sealedPrivateKey, storageKey), format: 'der', type: 'pkcs8' });
  const material = checkMaterial(key, unwrap(wrappingKey, parameters.wrappingAlgorithm, Buffer.from(input.EncryptedKeyMaterial)));
  const materialId = importedMaterialId(key.keyId, material.secret);

  const materials = materialsOf(loaded);
  const existing = materials.find((m) => m.id === materialId);
  const importType = input.ImportType ?? (materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
  let target: MaterialVersion;
  if (importType === 'NEW_KEY_MATERIAL') {
    if (input.KeyMaterialId !== undefined) throw new AwsError('ValidationException', 'You cannot specify a KeyMaterialId with ImportType NEW_KEY_MATERIAL.');
    if (existing) throw incorrectMaterial('This key material is already associated with the KMS key. Use ImportType EXISTING_KEY_MATERIAL to import it again.');
    if (materials.length > 0 && !symmetric) throw incorrectMaterial('The key material does not match the key material previously imported into this KMS key.');
    if (materials.some((m) => m.state === 'PENDING_ROTATION')) {
      throw new AwsError('KMSInvalidStateException', `${key.arn} already has key material pending rotation. Rotate the key (RotateKeyOnDemand) first.`);
    }
    const shared = loaded.multiRegion?.record;
    if (shared && shared.primaryRegion !== key.region && materials.length > 0) {
      throw new AwsError('UnsupportedOperationException', 'New key material is imported into the primary key of a multi-Region key, not into a replica.');
    }
    target = {
      id: materialId,
      version: Math.max(0, ...materials.map((m) => m.version)) + 1,
      createdAt: ctx.now,
      state: materials.length === 0 ? 'CURRENT' : 'PENDING_ROTATION',
    };
    materials.push(target);
  } else {
    if (!existing) throw incorrectMaterial('The key material does not match the key material previously imported into this KMS key.');
    if (input.KeyMaterialId !== undefined && input.KeyMaterialId !== materialId) {
      throw incorrectMaterial('The key material does not match the KeyMaterialId in the request.');
    }
    target = existing;
  }
  target.sealed = deps.keyring.seal(material.secret, materialAad(key, target.version));
  if (material.publicKey) target.publicKey = material.publicKey.toString('base64');
  target.imported = { ...expiration, description: input.KeyMaterialDescription ?? target.imported?.description };
  if (target.imported.description === undefined) delete target.imported.description;
  if (!key.multiRegion) key.materials = materials;
  if (key.state === 'PendingImport' && materials.every((m) => m.sealed)) key.state = 'Enabled';
  saveKey(ctx.tx, loaded);

  const jobId = expireMaterialJobId(key.arn, materialId);
  if (expiration.validTo !== undefined) {
    await deps.scheduler.schedule(ctx.tx, { id: jobId, type: JOB_EXPIRE_MATERIAL, dueAt: expiration.validTo, payload: { storageKey: loaded.storageKey, materialId } });
  } else {
    await deps.scheduler.cancel(ctx.tx, jobId);
  }
  material.secret.fill(0);
  return { KeyId: key.arn, KeyMaterialId: materialId };
}

/** Removes imported material: the key cannot be used until the same material is imported again. */
async function removeMaterial(tx: Transaction, deps: Pick<KmsDeps, 'scheduler'>, loaded: LoadedKey, material: MaterialVersion): Promise<void> {
  const key = loaded.record;
  delete material.sealed;
  if (material.imported) delete material.imported.validTo;
  if (key.state === 'Enabled' || key.state === 'Disabled') key.state = 'PendingImport';
  saveKey(tx, loaded);
  await deps.scheduler.cancel(tx, expireMaterialJobId(key.arn, material.id));
}

export async function DeleteImportedKeyMaterial(input: DeleteImportedKeyMaterialRequest, ctx: HandlerContext, deps: KmsDeps): Promise<DeleteImportedKeyMaterialResponse> {
  const loaded = checkedKey(ctx);
  const key = requireImportable(loaded);
  if (input.KeyMaterialId !== undefined && key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new AwsError('ValidationException', 'KeyMaterialId is valid only for symmetric encryption KMS keys.');
  }
  const materials = materialsOf(loaded);
  const material = input.KeyMaterialId !== undefined ? materials.find((m) => m.id === input.KeyMaterialId) : materials.find((m) => m.state === 'CURRENT');
  if (input.KeyMaterialId !== undefined && !material) throw new AwsError('NotFoundException', `Key material ${input.KeyMaterialId} is not associated with ${key.arn}.`);
  const response: DeleteImportedKeyMaterialResponse = { KeyId: key.arn };
  if (material) {
    response.KeyMaterialId = material.id;
    if (material.sealed) await removeMaterial(ctx.tx, deps, loaded, material);
  }
  return response;
}

/** The scheduler job: at ValidTo the material is deleted and the key waits for it to be imported again. */
export function expireMaterialJob(deps: Pick<KmsDeps, 'scheduler'>): JobHandler {
  return async (job, jobCtx) => {
    const { storageKey, materialId } = job.payload as { storageKey: string; materialId: string };
    await jobCtx.store.transaction(async (tx) => {
      const stored = await tx.get<JsonValue>(storageKey);
      const record = stored?.value as unknown as KeyRecord | undefined;
      const loaded = record ? await loadKeyAt(tx, placeOf(record), record.keyId) : undefined;
      const material = loaded ? materialsOf(loaded).find((m) => m.id === materialId) : undefined;
      await jobCtx.complete(tx);
      if (loaded && material?.sealed && material.imported?.validTo !== undefined && material.imported.validTo <= jobCtx.now) {
        await removeMaterial(tx, deps, loaded, material);
      }
    });
  };
}

