#!/usr/bin/env node
// Writes docs/coverage.md from the built code (npm run docs:coverage builds first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { coverageMarkdown } from '../dist/services/coverage.js';
import { createServices } from '../dist/services/index.js';

mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
writeFileSync(new URL('../docs/coverage.md', import.meta.url), coverageMarkdown(createServices({})));
console.log('docs/coverage.md written');
