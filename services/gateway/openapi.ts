/**
 * Builds the OpenAPI 3.1 document from the zod schemas and the operation catalogue (pure). The
 * committed services/gateway/openapi.json is this function's output (scripts/gen-openapi.ts); a
 * test fails when they differ.
 */
import { z } from 'zod';
import { operations, type OperationSpec } from './operations';
import * as schemas from './schemas';
import * as statementSchemas from './statement-schemas';
import type { OperationId } from './types';

const REF_PREFIX = '#/components/schemas/';

/** Every exported schema becomes a named component (aliases of the same schema appear once). */
function buildRegistry() {
  const registry = z.registry<{ id: string; description?: string }>();
  const seen = new Set<unknown>();
  // Sorted: module namespace key order differs between loaders (tsx vs vitest); the output must not.
  for (const [name, value] of Object.entries({ ...schemas, ...statementSchemas }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!(value instanceof z.ZodType) || seen.has(value)) continue;
    seen.add(value);
    const description = z.globalRegistry.get(value)?.description;
    registry.add(value, description ? { id: name, description } : { id: name });
  }
  return registry;
}

function componentName(registry: ReturnType<typeof buildRegistry>, schema: z.ZodType): string {
  const meta = registry.get(schema);
  if (!meta) throw new Error('every operation schema must be exported from schemas.ts (or statement-schemas.ts)');
  return meta.id;
}

/** The OpenAPI 3.1 document for the police-backend contract. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const registry = buildRegistry();
  const generated = z.toJSONSchema(registry, { target: 'draft-2020-12', uri: (id) => `${REF_PREFIX}${id}`, unrepresentable: 'any' });
  const componentSchemas: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(generated.schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    componentSchemas[id] = rest;
  }
  const ref = (schema: z.ZodType) => ({ $ref: `${REF_PREFIX}${componentName(registry, schema)}` });
  const errorContent = { 'application/json': { schema: ref(schemas.ErrorBody) } };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const operationId of Object.keys(operations) as OperationId[]) {
    const spec: OperationSpec = operations[operationId];
    const parameters: unknown[] = [];
    for (const [name, schema] of Object.entries(spec.params?.shape ?? {})) {
      parameters.push({ name, in: 'path', required: true, schema: ref(schema as z.ZodType) });
    }
    if (spec.effect) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    const refusalCodes = spec.errors.filter((c) => !c.startsWith('idempotency'));
    const operation: Record<string, unknown> = {
      operationId,
      summary: spec.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(spec.body) } } } } : {}),
      responses: {
        [String(spec.status)]: { description: 'Success', content: { 'application/json': { schema: ref(spec.response) } } },
        '400': { description: `Invalid request (badRequest${spec.effect ? ', idempotencyKeyRequired' : ''})`, content: errorContent },
        '401': { description: 'Missing or wrong credentials (unauthorized)', content: errorContent },
        ...(refusalCodes.length || spec.effect
          ? { '4XX': { description: `Refused; error.code one of: ${[...refusalCodes, ...(spec.effect ? ['idempotencyKeyReused'] : [])].join(', ')}`, content: errorContent } }
          : {}),
        '5XX': { description: 'Backend failure (internal); safe to retry with the same idempotency key', content: errorContent },
      },
    };
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Police backend gateway (smart police post kiosk)',
      version: '1.0.0',
      description:
        'Contract between the kiosk and the police backend. Generated from services/gateway/schemas.ts by scripts/gen-openapi.ts; do not edit by hand.',
    },
    servers: [{ url: 'http://127.0.0.1:8931', description: 'Backend simulator (npx tsx scripts/backend-sim.ts)' }],
    security: [{ basicAuth: [] }],
    paths,
    components: {
      securitySchemes: { basicAuth: { type: 'http', scheme: 'basic', description: 'clientId:secret of the kiosk' } },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'One key per user action. The backend applies the effect at most once and replays the stored answer; the same key with a different request answers 422 idempotencyKeyReused.',
          schema: { type: 'string', minLength: 1, maxLength: 128 },
        },
      },
      schemas: componentSchemas,
    },
  };
}

/** The document as committed: 2-space JSON with a trailing newline. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
