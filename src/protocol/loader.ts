// Loads a service's generated schema.json the first time the service is used, and keeps it.
// The file sits beside this module's tree: src/generated/<id>/schema.json when running from source,
// dist/generated/<id>/schema.json after the build (scripts/copy-assets.mjs copies it there).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVICE_IDS, SERVICE_INDEX, type ServiceIndexEntry } from '../generated/index.js';
import { ServiceModel } from './model.js';
import type { SchemaDocument } from './schema.js';

const models = new Map<string, ServiceModel>();
const known: ReadonlySet<string> = new Set(SERVICE_IDS);

export function allServiceIds(): readonly string[] {
  return SERVICE_IDS;
}

/** Routing metadata of every service, without loading any schema. */
export function serviceIndex(): readonly ServiceIndexEntry[] {
  return SERVICE_INDEX;
}

export function isServiceId(id: string): boolean {
  return known.has(id);
}

export function loadServiceModel(id: string): ServiceModel {
  const cached = models.get(id);
  if (cached) return cached;
  if (!known.has(id)) throw new Error(`unknown service id: ${id}`);
  const model = new ServiceModel(readSchema(id));
  models.set(id, model);
  return model;
}

function readSchema(id: string): SchemaDocument {
  const beside = new URL(`../generated/${id}/schema.json`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(beside, 'utf8');
  } catch (error) {
    // A dist/ built without copy-assets: fall back to the source tree next to it.
    const fromSource = new URL(`../../src/generated/${id}/schema.json`, import.meta.url);
    try {
      text = readFileSync(fromSource, 'utf8');
    } catch {
      throw new Error(`schema for ${id} not found at ${fileURLToPath(beside)}`, { cause: error });
    }
  }
  return JSON.parse(text) as SchemaDocument;
}
