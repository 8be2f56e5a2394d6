import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, renderOpenApiDocument } from './openapi';
import { operations } from './operations';

describe('openapi.json', () => {
  it('the committed document equals a fresh generation (run npx tsx scripts/gen-openapi.ts)', () => {
    const committed = readFileSync(new URL('./openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderOpenApiDocument());
  });

  it('documents every operation with its operationId, and the Idempotency-Key on effectful ones', () => {
    const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, { operationId: string; parameters?: { $ref?: string }[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const [id, spec] of Object.entries(operations)) {
      const op = doc.paths[spec.path]?.[spec.method.toLowerCase()];
      expect(op?.operationId).toBe(id);
      const hasKey = (op?.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
      expect([id, hasKey]).toEqual([id, spec.effect]);
    }
  });
});
