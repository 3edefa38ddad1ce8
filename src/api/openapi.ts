// /openapi.json: the OpenAPI 3.1 document made from the routes' own zod schemas (z.toJSONSchema),
// so it lists exactly the routes served, each with its parameters, body, answer, least role and
// the error shape.
import { z } from 'zod';
import type { RouteSpec, RouteTable } from './route.ts';
import { errorSchema } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Path and query parameters of a route, from its schemas' properties. */
function parametersOf(spec: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (schema === undefined) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
    }
  }
  return out;
}

/** The document for the routes of `table`. */
function openApiDocument(table: RouteTable, version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const error = { content: { 'application/json': { schema: schemaOf(errorSchema, 'output') } } };
  for (const spec of table.routes) {
    const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, JsonSchema> = {
      [String(spec.status ?? 200)]: {
        description: 'success',
        ...(spec.response !== undefined ? { content: { 'application/json': { schema: schemaOf(spec.response, 'output') } } } : spec.produces !== undefined ? { content: { [spec.produces]: {} } } : {}),
      },
      '400': { description: 'malformed JSON, an unknown field or a bad value (naming the field)', ...error },
      '429': { description: 'rate limited', ...error },
    };
    if (spec.role !== undefined) {
      responses['401'] = { description: 'missing or wrong token', ...error };
      responses['403'] = { description: `role below ${spec.role}`, ...error };
    }
    if (spec.body !== undefined) responses['413'] = { description: 'body too large', ...error };
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      ...(spec.role === undefined ? { security: [] } : { security: [{ bearer: [] }, { session: [] }], 'x-rampart-role': spec.role }),
      ...(spec.action === undefined ? {} : { 'x-rampart-audited-action': spec.action }),
      parameters: parametersOf(spec),
      ...(spec.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } } }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'rampart REST API', version, description: 'Roles: viewer < operator < admin. Errors: { "error": { "code", "message" } }. Mutating calls are audited.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token from `rampart users add NAME --role R`' },
        session: { type: 'apiKey', in: 'cookie', name: 'rampart_session', description: 'set by POST /api/v1/session' },
      },
    },
    paths,
  };
}

export function registerOpenApiRoute(table: RouteTable, version: string): void {
  table.add({
    method: 'GET',
    url: '/openapi.json',
    summary: 'this document',
    response: z.record(z.string(), z.unknown()),
    handler: () => openApiDocument(table, version),
  });
}
