import * as z from 'zod';
import { problemSchema } from '../http/schemas.ts';
import type { LoadedManifest } from './registry.ts';
import type { RouteSpec } from './types.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const HEADER_DESCRIPTIONS = {
  'Idempotency-Key':
    'Any 1–255 visible ASCII characters, new for each intended action: a retry with the same key and body gets the first answer again (24 hours); the same key with another body is 422.',
  'If-Match': 'The `version` you last read: the change is refused (409) if someone changed the record since.',
  'Accept-Language': 'id (default) or en: the language of problem titles and details and of messages.',
} as const;

function parameters(route: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [location, schema] of [
    ['path', route.request?.params],
    ['query', route.request?.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      // A schema's description (zod .describe()) documents the parameter itself.
      const { description, ...schema } = property as JsonSchema & { description?: string };
      out.push({
        name,
        in: location,
        required: location === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema,
      });
    }
  }
  if (route.method === 'GET') {
    out.push({
      name: 'fields',
      in: 'query',
      required: false,
      description: 'Comma-separated fields to return (ids and links always stay)',
      schema: { type: 'string' },
    });
  }
  for (const header of route.headers ?? []) {
    out.push({
      name: header,
      in: 'header',
      required: false,
      description: HEADER_DESCRIPTIONS[header],
      schema: { type: 'string' },
    });
  }
  out.push({
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: HEADER_DESCRIPTIONS['Accept-Language'],
    schema: { type: 'string', examples: ['id', 'en'] },
  });
  return out;
}

function operation(domain: string, operationId: string, route: RouteSpec): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const contentType = response.contentType ?? 'application/json';
    responses[status] = {
      description: response.description,
      ...(response.body
        ? {
            content: {
              [contentType]: {
                schema:
                  response.body === problemSchema
                    ? { $ref: '#/components/schemas/Problem' }
                    : schemaOf(response.body, 'output'),
              },
            },
          }
        : {}),
    };
  }
  return {
    operationId,
    tags: [domain],
    summary: route.summary,
    ...(route.auth === 'user' ? { security: [{ cognito: [] }] } : { security: [] }),
    parameters: parameters(route),
    ...(route.request?.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.request.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every route in every manifest. */
export function buildOpenApi(manifests: LoadedManifest[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const tags: JsonSchema[] = [];
  // operationIds must be unique in the document (OpenAPI 3.1 §4.8.10; client generators refuse
  // repeats): a route key two domains both use (catalog's and search's getProduct) is qualified by
  // its domain, catalogGetProduct.
  const keyCount = new Map<string, number>();
  for (const { manifest } of manifests)
    for (const key of Object.keys(manifest.routes)) keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
  const operationIdOf = (domain: string, key: string) =>
    keyCount.get(key)! > 1 ? `${domain}${key[0]!.toUpperCase()}${key.slice(1)}` : key;
  for (const { manifest } of manifests) {
    if (Object.keys(manifest.routes).length === 0) continue;
    tags.push({ name: manifest.domain, description: manifest.description });
    for (const [key, route] of Object.entries(manifest.routes)) {
      (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(
        manifest.domain,
        operationIdOf(manifest.domain, key),
        route,
      );
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'PetPro API',
      version: '1.0.0',
      description: 'Pet care for Indonesia: profiles, pets, clinics, bookings, shop. Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    tags,
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: {
        Problem: {
          ...schemaOf(problemSchema, 'output'),
          description:
            'RFC 9457 problem details; `title` and `detail` follow Accept-Language (id by default, or en); `status` is the HTTP status; a refused state is in `state`',
        },
      },
      securitySchemes: {
        cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito access token' },
      },
    },
  };
}
