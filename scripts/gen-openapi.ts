/**
 * Writes services/gateway/openapi.json from the zod schemas. Run after changing the contract:
 *   npx tsx scripts/gen-openapi.ts          (write)
 *   npx tsx scripts/gen-openapi.ts --check  (exit 1 when the committed file is stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApiDocument } from '../services/gateway/openapi';

const target = fileURLToPath(new URL('../services/gateway/openapi.json', import.meta.url));
const fresh = renderOpenApiDocument();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (committed !== fresh) {
    console.error('services/gateway/openapi.json is stale: run npx tsx scripts/gen-openapi.ts');
    process.exit(1);
  }
  console.log('services/gateway/openapi.json is up to date');
} else {
  writeFileSync(target, fresh);
  console.log(`wrote ${target} (${fresh.length} bytes)`);
}
