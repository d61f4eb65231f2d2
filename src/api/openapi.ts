import { z } from 'zod';
import { type ResponseSpec, type Route, TAGS, writtenCategories } from './route';
import { Problem } from './schemas';

export interface DocumentInfo {
  title: string;
  version: string;
  /** Markdown shown at the top of the /docs page. */
  description: string;
}

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. Statuses that
 * follow from what a route is (it takes input, needs a token, reads a body, writes a conversation)
 * are added here, so that no route can forget one the server answers.
 */
export function openApiDocument(routes: Route[], info: DocumentInfo): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([a-z_]+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[r.method] = operation(r);
  }
  return {
    openapi: '3.1.0',
    info,
    // In the fixed order of TAGS; a tag no operation uses yet would show as an empty group.
    tags: Object.entries(TAGS)
      .filter(([name]) => routes.some((r) => r.tag === name))
      .map(([name, description]) => ({ name, description })),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

function operation(r: Route): object {
  return {
    operationId: r.operationId,
    tags: [r.tag],
    summary: r.summary,
    ...(r.auth !== false && { security: [{ bearer: [] }] }),
    parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
    ...(r.streamedBody && { requestBody: r.streamedBody }),
    ...(r.body && {
      requestBody: {
        // A schema that accepts no body at all (one with a default) makes the body optional.
        required: !r.body.safeParse(undefined).success,
        content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
      },
    }),
    responses: Object.fromEntries(
      Object.entries(withImpliedStatuses(r)).map(([status, spec]) => [status, response(status, spec)]),
    ),
  };
}

const problem = (description: string): ResponseSpec => ({ description, schema: Problem });

/** The route's own statuses, and those that follow from its shape; descriptions of both are joined. */
function withImpliedStatuses(r: Route): Record<string, ResponseSpec> {
  const implied: Record<number, ResponseSpec> = {};
  if (r.params || r.query || r.body) implied[400] = problem('invalid input; `errors` names each bad field');
  if (r.auth !== false) implied[401] = problem('missing, invalid or expired token');
  if (r.role)
    implied[403] = problem(`the caller does not hold the ${r.role.name} role (code \`${r.role.code}\`)`);
  if (writtenCategories(r.writes).includes('conversation')) {
    implied[409] = problem(
      'too many concurrent writers on this conversation (code `concurrency_conflict`): retry',
    );
  }
  if (r.body) {
    implied[413] = problem('the request body is larger than the body limit (code `body_too_large`)');
    implied[415] = problem('the body is not UTF-8 `application/json`, or it is compressed');
  }
  implied[503] = {
    ...problem('the server is shutting down and did not run this request (code `shutting_down`): retry'),
    headers: { 'Retry-After': { description: 'seconds to wait', schema: z.number().int().min(0) } },
  };
  const merged: Record<string, ResponseSpec> = {};
  for (const status of new Set([...Object.keys(r.responses), ...Object.keys(implied)].map(Number))) {
    const own = r.responses[status];
    const extra = implied[status];
    merged[status] =
      own && extra && !own.description.includes(extra.description)
        ? { ...extra, ...own, description: `${own.description}; or ${extra.description}` }
        : (own ?? (extra as ResponseSpec));
  }
  if (r.writes) {
    for (const [status, spec] of Object.entries(merged)) {
      if (Number(status) < 300)
        merged[status] = { ...spec, headers: { ...CONSISTENCY_HEADER, ...spec.headers } };
    }
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => Number(a) - Number(b)));
}

/** What a command's success answer carries: the position it wrote. */
const CONSISTENCY_HEADER = {
  'X-Consistency-Token': {
    description:
      'the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write',
    schema: z.string(),
  },
};

function response(
  status: string,
  { description, schema, otherMediaTypes, headers, links }: ResponseSpec,
): object {
  const others = Object.entries(otherMediaTypes ?? {}).map(([type, s]) => [
    type,
    { schema: jsonSchema(s, 'output') },
  ]);
  return {
    description,
    ...(headers && { headers: responseHeaders(headers) }),
    ...((schema || others.length > 0) && {
      content: {
        ...(schema && {
          [Number(status) >= 400 ? 'application/problem+json' : 'application/json']: {
            schema: jsonSchema(schema, 'output'),
          },
        }),
        ...Object.fromEntries(others),
      },
    }),
    ...(links && { links }),
  };
}

function responseHeaders(headers: Record<string, { description: string; schema: z.ZodType }>): object {
  return Object.fromEntries(
    Object.entries(headers).map(([name, h]) => [
      name,
      { description: h.description, schema: jsonSchema(h.schema, 'output') },
    ]),
  );
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): object {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): object[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as {
    title?: string;
    properties?: Record<string, object>;
    required?: string[];
    oneOf?: unknown;
    anyOf?: unknown;
  };
  // A rule across query parameters (exactly one of two) can only be stated on one object parameter,
  // which `form` style with `explode` sends as the usual name=value pairs.
  if (where === 'query' && (json.oneOf || json.anyOf)) {
    const required = !schema.safeParse({}).success;
    return [{ name: json.title ?? 'query', in: where, required, style: 'form', explode: true, schema: json }];
  }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...('description' in property && { description: property.description }),
    schema: property,
  }));
}
