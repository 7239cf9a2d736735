// The Parameter Store service settings: /ssm/parameter-store/default-parameter-tier (the tier of a
// PutParameter that names none) and /ssm/parameter-store/high-throughput-enabled. Each is stored per
// account and Region only once customized; a reset removes it. A setting may be named by its id or
// by its ARN (arn:<partition>:ssm:<region>:<account>:servicesetting/ssm/parameter-store/...).
import { AwsError } from '../../errors.js';
import type { ServiceSetting } from '../../generated/ssm/types.js';
import type { JsonValue, StoreReader, Transaction } from '../../storage/types.js';
import { ssmPrefix, type ParameterPlace } from './names.js';

export const DEFAULT_TIER_SETTING = '/ssm/parameter-store/default-parameter-tier';
export const HIGH_THROUGHPUT_SETTING = '/ssm/parameter-store/high-throughput-enabled';

interface SettingDefinition {
  defaultValue: string;
  allowed: readonly string[];
}

const SETTINGS: Readonly<Record<string, SettingDefinition>> = {
  [DEFAULT_TIER_SETTING]: { defaultValue: 'Standard', allowed: ['Standard', 'Advanced', 'Intelligent-Tiering'] },
  [HIGH_THROUGHPUT_SETTING]: { defaultValue: 'false', allowed: ['true', 'false'] },
};

interface StoredSetting {
  value: string;
  modifiedAt: number;
  modifiedBy: string;
}

const settingKey = (place: ParameterPlace, id: string) => `${ssmPrefix(place)}setting${id}`;
export const settingArn = (place: ParameterPlace, id: string) => `arn:${place.partition}:ssm:${place.region}:${place.accountId}:servicesetting${id}`;

const notFound = (id: string) =>
  new AwsError('ServiceSettingNotFound', `The service setting ${id} wasn't found. Either the service name or the setting hasn't been provisioned by the AWS service team.`);

/** The setting id a request names (id or ARN of this account and Region); ServiceSettingNotFound otherwise. */
export function resolveSettingId(place: ParameterPlace, raw: string): string {
  let id = raw;
  const arn = /^arn:([^:]+):ssm:([^:]+):(\d{12}):servicesetting(\/.+)$/.exec(raw);
  if (arn) {
    if (arn[1] !== place.partition || arn[2] !== place.region || arn[3] !== place.accountId) throw notFound(raw);
    id = arn[4]!;
  }
  if (!(id in SETTINGS)) throw notFound(raw);
  return id;
}

export async function readSetting(reader: StoreReader, place: ParameterPlace, id: string): Promise<ServiceSetting> {
  const stored = (await reader.get<JsonValue>(settingKey(place, id)))?.value as unknown as StoredSetting | undefined;
  const setting: ServiceSetting = {
    SettingId: id,
    SettingValue: stored?.value ?? SETTINGS[id]!.defaultValue,
    LastModifiedDate: new Date(stored?.modifiedAt ?? 0),
    LastModifiedUser: stored?.modifiedBy ?? 'System',
    ARN: settingArn(place, id),
    Status: stored ? 'Customized' : 'Default',
  };
  return setting;
}

/** The value in force (its default when never customized). */
export async function settingValue(reader: StoreReader, place: ParameterPlace, id: string): Promise<string> {
  const stored = (await reader.get<JsonValue>(settingKey(place, id)))?.value as unknown as StoredSetting | undefined;
  return stored?.value ?? SETTINGS[id]!.defaultValue;
}

export function writeSetting(tx: Transaction, place: ParameterPlace, id: string, value: string, by: string, now: number): void {
  const definition = SETTINGS[id]!;
  if (!definition.allowed.includes(value)) {
    throw new AwsError('ValidationException', `The value ${value} is not valid for the setting ${id}. Valid values: ${definition.allowed.join(', ')}.`);
  }
  const stored: StoredSetting = { value, modifiedAt: now, modifiedBy: by };
  tx.put(settingKey(place, id), stored as unknown as JsonValue);
}

export function resetSetting(tx: Transaction, place: ParameterPlace, id: string): void {
  tx.delete(settingKey(place, id));
}
