import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';

/** Discord's official OpenAPI 3.1 spec (MIT, licence beside it), committed so a clone alone can run the tests. */
export const DISCORD_SPEC_PATH = fileURLToPath(new URL('../specs/discord-openapi.json', import.meta.url));

// ajv-formats is CommonJS: its plugin is `module.exports` and, again, its `default` property.
const addFormats = ajvFormats.default as unknown as ajvFormats.FormatsPlugin;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Json }> } }>>;
  components: { schemas: Record<string, Json> };
}

/** What one request body check found. */
export interface SpecCheck {
  /** The spec's path template the request matched, e.g. `/channels/{channel_id}/messages`. */
  template?: string;
  /** Human-readable problems; empty when the body is valid. */
  errors: string[];
}

/** Validates request bodies against the spec's JSON request schemas. */
export interface SpecValidator {
  /** Checks one request (path relative to /api/v10, e.g. `/channels/1/messages`). */
  check(method: string, path: string, body: unknown): SpecCheck;
}

const INT_STRING = { type: 'string', pattern: '^-?[0-9]+$' } as const;

/**
 * Rewrites the spec for Ajv: refs point into `$defs`; wherever an integer is typed, an int-parseable string
 * is accepted too (Discord does, and discord.js sends e.g. `default_member_permissions: "16"`); unions
 * marked `x-discord-union: oneOf` are already written as anyOf, which is how we check them.
 */
function prepare(node: Json): Json {
  if (Array.isArray(node)) return node.map(prepare);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string')
      out[key] = value.replace('#/components/schemas/', 'discord#/$defs/');
    else if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepare(v)]));
    else out[key] = prepare(value);
  }
  const type = out.type;
  const typesInteger = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
  if (typesInteger) return { anyOf: [out, INT_STRING] };
  return out;
}

function templateRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}$`);
}

/** Loads the spec once and compiles request schemas lazily (the spec is large). */
export function createSpecValidator(specPath: string = DISCORD_SPEC_PATH): SpecValidator {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as OpenApi;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('nonce', { type: 'string', validate: () => true });
  ajv.addSchema({ $id: 'discord', $defs: prepare(spec.components.schemas as Json) } as object);
  // Literal segments first, so `/messages/@original` beats `/messages/{message_id}`.
  const templates = Object.keys(spec.paths)
    .map((template) => ({
      template,
      re: templateRegex(template),
      literal: template.replace(/\{[^}]+\}/g, '').length,
    }))
    .sort((a, b) => b.literal - a.literal);
  const compiled = new Map<string, ValidateFunction | undefined>();

  function validatorFor(template: string, method: string): ValidateFunction | undefined {
    const key = `${method} ${template}`;
    if (!compiled.has(key)) {
      const schema = spec.paths[template]?.[method]?.requestBody?.content?.['application/json']?.schema;
      compiled.set(key, schema === undefined ? undefined : ajv.compile(prepare(schema) as object));
    }
    return compiled.get(key);
  }

  return {
    check(method, path, body) {
      const m = method.toLowerCase();
      const match = templates.find((t) => t.re.test(path) && spec.paths[t.template]?.[m]);
      if (!match) return { errors: [`${method} ${path} is not an operation in Discord's spec`] };
      const validate = validatorFor(match.template, m);
      if (!validate) {
        return body === undefined
          ? { template: match.template, errors: [] }
          : { template: match.template, errors: [`${method} ${match.template} takes no JSON body`] };
      }
      if (validate(body)) return { template: match.template, errors: [] };
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
      return { template: match.template, errors: [...new Set(errors)] };
    },
  };
}
