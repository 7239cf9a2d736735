// Child processes in these tests are plain `node` running test/storage/child.mjs, so they need the
// storage module as JavaScript. Rather than depend on `npm run build` having run (or on a TS loader,
// or on Node 22's type stripping, absent from Node 20), each test run transpiles src/storage with the
// project's own TypeScript into .test-data/ (inside the repository, so `better-sqlite3` and `pg`
// resolve from its node_modules). Transpiling is per file and takes well under a second.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

export const CHILD_SCRIPT = join(here, 'child.mjs');

export interface StorageBuild {
  /** file: URL of the transpiled src/storage/index.js, for `import()` in a child. */
  moduleUrl: string;
  remove(): void;
}

export function buildStorageModule(): StorageBuild {
  const src = join(repo, 'src/storage');
  const out = join(repo, '.test-data', `storage-build-${process.pid}-${Date.now()}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  for (const name of readdirSync(src)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name === 'conformance.ts') continue;
    const result = ts.transpileModule(readFileSync(join(src, name), 'utf8'), {
      fileName: name,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(out, name.replace(/\.ts$/, '.js')), result.outputText);
  }
  return {
    moduleUrl: pathToFileURL(join(out, 'index.js')).href,
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}
