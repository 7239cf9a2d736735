#!/usr/bin/env node
// Copies the full AWS API models (botocore's service-2.json, Apache-2.0) for the services Rampart
// serves into models/. The codegen reads only models/, so nothing else is needed to regenerate.
// Usage: node scripts/refresh-models.mjs [path/to/botocore/data]
// Without a path, the botocore of `python3` is used (pip install botocore, or Debian's python3-botocore).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { SERVICES } from './services.mjs';

const dataDir =
  process.argv[2] ??
  execFileSync('python3', ['-c', 'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))'], {
    encoding: 'utf8',
  }).trim();
const botocoreVersion = (() => {
  try {
    return execFileSync('python3', ['-c', 'import botocore; print(botocore.__version__)'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

const manifest = { source: 'botocore', botocoreVersion, services: {} };
for (const { model, apiVersion } of SERVICES) {
  const dir = join(dataDir, model, apiVersion);
  const gz = join(dir, 'service-2.json.gz');
  const plain = join(dir, 'service-2.json');
  const target = join('models', `${model}-${apiVersion}.json.gz`);
  if (existsSync(gz)) copyFileSync(gz, target);
  else if (existsSync(plain)) writeFileSync(target, gzipSync(readFileSync(plain)));
  else throw new Error(`no model for ${model} ${apiVersion} in ${dataDir} (found: ${readdirSync(join(dataDir, model)).join(', ')})`);
  manifest.services[model] = apiVersion;
}
writeFileSync(join('models', 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`models/ refreshed from botocore ${botocoreVersion}`);
