import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { coverageMarkdown } from './coverage.js';
import { createServices, type ServiceDeps } from './index.js';

it('docs/coverage.md lists what is implemented now (run `npm run docs:coverage` when this fails)', () => {
  // Service factories do no work when created, so the handler tables can be listed without storage.
  const services = createServices({} as ServiceDeps);
  const committed = readFileSync(new URL('../../docs/coverage.md', import.meta.url), 'utf8');
  expect(committed).toBe(coverageMarkdown(services));
});
