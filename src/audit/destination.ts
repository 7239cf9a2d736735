// Where trails put their files. CloudTrail writes objects to an S3 bucket; Rampart writes them to a
// directory tree (<root>/<bucket>/<key>) until it has an S3 store of its own, behind this small
// interface so that store can take over. S3 keeps a digest's signature in the object's user metadata
// (x-amz-meta-signature); a directory has no object metadata, so it goes to a sidecar file next to the
// object: `<object>.metadata.json`, holding {"x-amz-meta-<name>": "<value>", ...}.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface StoredObject {
  body: Buffer;
  /** User metadata, by name without the x-amz-meta- prefix (as S3 SDKs show it). */
  metadata: Record<string, string>;
}

export interface LogDestination {
  /** Stores an object, replacing any at the same place (a retried delivery writes the same bytes again). */
  put(bucket: string, key: string, body: Buffer, metadata?: Record<string, string>): Promise<void>;
}

export interface LogSource {
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** Keys of every object under a folder (a key prefix ending at a '/'), sorted. */
  listFolder(bucket: string, folder: string): Promise<string[]>;
  /** How to show an object's place to a person. */
  location(bucket: string, key: string): string;
}

export const METADATA_SUFFIX = '.metadata.json';
const TEMP_MARK = '.rampart-tmp-';

// S3's bucket naming rules (CreateTrail checks them too); here they also keep a bucket one folder.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isBucketName(name: string): boolean {
  return BUCKET.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

/** A key the directory can hold: '/'-separated, with no empty, '.' or '..' segment. */
export function isDirectorySafeKey(key: string): boolean {
  if (key.length === 0 || key.includes('\0') || key.includes('\\')) return false;
  return key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export class DirectoryDestination implements LogDestination, LogSource {
  constructor(readonly root: string) {}

  private path(bucket: string, key: string): string {
    if (!isBucketName(bucket)) throw new Error(`"${bucket}" is not a bucket name`);
    if (!isDirectorySafeKey(key)) throw new Error(`"${key}" is not a key the directory destination can hold`);
    return join(this.root, bucket, ...key.split('/'));
  }

  location(bucket: string, key: string): string {
    return join(this.root, bucket, ...key.split('/'));
  }

  async put(bucket: string, key: string, body: Buffer, metadata: Record<string, string> = {}): Promise<void> {
    const file = this.path(bucket, key);
    await mkdir(join(file, '..'), { recursive: true, mode: 0o750 });
    // The metadata first: a reader that finds the object finds its signature with it.
    if (Object.keys(metadata).length > 0) {
      const headers = Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`x-amz-meta-${name}`, value]));
      await writeAtomically(file + METADATA_SUFFIX, Buffer.from(JSON.stringify(headers, null, 2) + '\n'));
    }
    await writeAtomically(file, body);
  }

  async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    const file = this.path(bucket, key);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const metadata: Record<string, string> = {};
    try {
      const headers = JSON.parse(await readFile(file + METADATA_SUFFIX, 'utf8')) as Record<string, unknown>;
      for (const [name, value] of Object.entries(headers)) {
        if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice('x-amz-meta-'.length)] = value;
      }
    } catch {
      // No sidecar, or not JSON: the object has no metadata (a digest then fails its signature check).
    }
    return { body, metadata };
  }

  async listFolder(bucket: string, folder: string): Promise<string[]> {
    const base = this.path(bucket, folder.replace(/\/+$/, ''));
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
        throw error;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && !entry.name.endsWith(METADATA_SUFFIX) && !entry.name.includes(TEMP_MARK)) {
          keys.push(relative(join(this.root, bucket), path).split(sep).join('/'));
        }
      }
    };
    await walk(base);
    return keys.sort();
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const temp = `${file}${TEMP_MARK}${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o640);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable; a platform without directory fsync keeps the file anyway.
  try {
    const dir = await open(join(file, '..'), constants.O_RDONLY);
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort
  }
}
