// Public parameters: the read-only /aws/service/ namespace AWS publishes in every Region, owned by no
// account. Rampart carries a small set as data: the global-infrastructure Region list (each Region's
// code and long name) and the latest Amazon Linux AMI parameters. Real AMI ids differ per Region and
// change with every release; these are stable ids of the right format, so tools that resolve an AMI
// through Parameter Store get a well-formed answer. Writes to /aws/ are refused (see names.ts).
import { createHash } from 'node:crypto';
import type { ParameterType } from '../../generated/ssm/types.js';

export interface PublicParameter {
  name: string;
  type: ParameterType;
  value: string;
  version: number;
  dataType: string;
  modifiedAt: number;
}

const REGIONS: Readonly<Record<string, string>> = {
  'af-south-1': 'Africa (Cape Town)',
  'ap-east-1': 'Asia Pacific (Hong Kong)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-south-2': 'Asia Pacific (Hyderabad)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-southeast-3': 'Asia Pacific (Jakarta)',
  'ap-southeast-4': 'Asia Pacific (Melbourne)',
  'ca-central-1': 'Canada (Central)',
  'ca-west-1': 'Canada West (Calgary)',
  'eu-central-1': 'Europe (Frankfurt)',
  'eu-central-2': 'Europe (Zurich)',
  'eu-north-1': 'Europe (Stockholm)',
  'eu-south-1': 'Europe (Milan)',
  'eu-south-2': 'Europe (Spain)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-west-2': 'Europe (London)',
  'eu-west-3': 'Europe (Paris)',
  'il-central-1': 'Israel (Tel Aviv)',
  'me-central-1': 'Middle East (UAE)',
  'me-south-1': 'Middle East (Bahrain)',
  'sa-east-1': 'South America (Sao Paulo)',
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
};

const AMI_PARAMETERS = [
  'al2023-ami-kernel-default-x86_64',
  'al2023-ami-kernel-default-arm64',
  'al2023-ami-minimal-kernel-default-x86_64',
  'amzn2-ami-hvm-x86_64-gp2',
  'amzn2-ami-hvm-arm64-gp2',
  'amzn2-ami-kernel-5.10-hvm-x86_64-gp2',
];

const PUBLISHED = Date.parse('2024-01-01T00:00:00.000Z');
const amiId = (region: string, name: string) => `ami-${createHash('sha256').update(`${region}/${name}`).digest('hex').slice(0, 17)}`;

const cache = new Map<string, ReadonlyMap<string, PublicParameter>>();

/** The public parameters as a Region sees them, by name. */
export function publicParameters(region: string): ReadonlyMap<string, PublicParameter> {
  let set = cache.get(region);
  if (set) return set;
  const map = new Map<string, PublicParameter>();
  const add = (name: string, value: string) => map.set(name, { name, type: 'String', value, version: 1, dataType: 'text', modifiedAt: PUBLISHED });
  for (const [code, longName] of Object.entries(REGIONS)) {
    add(`/aws/service/global-infrastructure/regions/${code}`, code);
    add(`/aws/service/global-infrastructure/regions/${code}/longName`, longName);
  }
  for (const name of AMI_PARAMETERS) add(`/aws/service/ami-amazon-linux-latest/${name}`, amiId(region, name));
  set = new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  cache.set(region, set);
  return set;
}

export const isPublicName = (name: string) => name.startsWith('/aws/service/');

/** Public parameters under `path` (one level, or every level below), in name order. */
export function publicParametersByPath(region: string, path: string, recursive: boolean): PublicParameter[] {
  const prefix = `${path}/`;
  return [...publicParameters(region).values()].filter(
    (p) => p.name.startsWith(prefix) && (recursive || !p.name.slice(prefix.length).includes('/')),
  );
}
