import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import * as ajvStandalone from 'ajv/dist/standalone/index.js';
import * as ajvFormats from 'ajv-formats';

/** Discord's official OpenAPI 3.1 spec (MIT, licence beside it), committed so a clone alone can run the tests. */
export const DISCORD_SPEC_PATH = fileURLToPath(new URL('../specs/discord-openapi.json', import.meta.url));

// ajv-formats is CommonJS: its plugin is `module.exports` and, again, its `default` property.
const addFormats = ajvFormats.default as unknown as ajvFormats.FormatsPlugin;
// Likewise ajv's standalone code generator.
const standaloneCode = ajvStandalone.default as unknown as (
  ajv: Ajv2020,
  refs: Record<string, string>,
) => string;

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

/** Discord's own formats, which ajv-formats does not know. */
const CUSTOM_FORMATS = {
  snowflake: /^(0|[1-9][0-9]*)$/,
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  double: { type: 'number', validate: () => true },
  nonce: { type: 'string', validate: () => true },
} as const;

/** The same formats as CommonJS source, for the standalone validator module. */
const CUSTOM_FORMATS_CJS = `module.exports = {
  ...require(${JSON.stringify(createRequire(import.meta.url).resolve('ajv-formats/dist/formats'))}).fullFormats,
  snowflake: /^(0|[1-9][0-9]*)$/,
  int32: { type: 'number', validate: (n) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 },
  int64: { type: 'number', validate: (n) => Number.isInteger(n) },
  double: { type: 'number', validate: () => true },
  nonce: { type: 'string', validate: () => true },
};
`;

/** The operations the fake serves: compiled ahead, once per run; anything else compiles on first use. */
export const FAKE_OPERATIONS: readonly (readonly [method: string, template: string])[] = [
  ['post', '/channels/{channel_id}/messages'],
  ['post', '/channels/{channel_id}/messages/{message_id}/threads'],
  ['post', '/interactions/{interaction_id}/{interaction_token}/callback'],
  ['post', '/webhooks/{webhook_id}/{webhook_token}'],
  ['patch', '/webhooks/{webhook_id}/{webhook_token}/messages/@original'],
  ['put', '/applications/{application_id}/commands'],
  ['put', '/applications/{application_id}/guilds/{guild_id}/commands'],
];

function newAjv(source: boolean, formatsFile?: string): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateFormats: true,
    ...(source && formatsFile ? { code: { source: true, formats: _`require(${formatsFile})` } } : {}),
  });
  addFormats(ajv);
  for (const [name, format] of Object.entries(CUSTOM_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

/** Path templates of the spec, literal segments first, so `/messages/@original` beats `/messages/{id}`. */
function sortedTemplates(paths: Record<string, Record<string, unknown>>) {
  return Object.entries(paths)
    .map(([template, ops]) => ({
      template,
      methods: Object.keys(ops),
      re: templateRegex(template),
      literal: template.replace(/\{[^}]+\}/g, '').length,
    }))
    .sort((a, b) => b.literal - a.literal);
}

const keyOf = (method: string, template: string): string => `${method} ${template}`;

/** Where the compiled validators for this spec live (the spec's hash names the file, so edits recompile). */
export function compiledSpecPath(specPath: string = DISCORD_SPEC_PATH): string {
  const hash = createHash('sha256').update(readFileSync(specPath)).digest('hex').slice(0, 16);
  const root = fileURLToPath(new URL('../../node_modules/.cache/mingyan-discord-spec/', import.meta.url));
  return join(root, `validators-${hash}.cjs`);
}

/**
 * Compiles the fake's operations to one CommonJS module (Ajv standalone code) unless it exists already.
 * Runs once per test run, from test/global-setup.ts; workers then load plain JavaScript.
 */
export function compileSpecModule(specPath: string = DISCORD_SPEC_PATH): string {
  const out = compiledSpecPath(specPath);
  if (existsSync(out)) return out;
  mkdirSync(dirname(out), { recursive: true });
  const formatsFile = join(dirname(out), 'formats.cjs');
  writeFileSync(formatsFile, CUSTOM_FORMATS_CJS);
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as OpenApi;
  const ajv = newAjv(true, formatsFile);
  ajv.addSchema({ $id: 'discord', $defs: prepare(spec.components.schemas as Json) } as object);
  const refs: Record<string, string> = {};
  const noBody: string[] = [];
  for (const [template, ops] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(ops))
      if (op.requestBody?.content?.['application/json']?.schema === undefined)
        noBody.push(keyOf(method, template));
  for (const [method, template] of FAKE_OPERATIONS) {
    const schema = spec.paths[template]?.[method]?.requestBody?.content?.['application/json']?.schema;
    if (schema === undefined) throw new Error(`${method} ${template} has no JSON body in the spec`);
    const id = `op${Object.keys(refs).length}`;
    ajv.addSchema({ ...(prepare(schema) as object), $id: id });
    refs[keyOf(method, template)] = id;
  }
  const templates = sortedTemplates(spec.paths).map(({ template, methods }) => ({ template, methods }));
  const code =
    standaloneCode(ajv, refs) +
    `\nmodule.exports.templates = ${JSON.stringify(templates)};\nmodule.exports.noBody = ${JSON.stringify(noBody)};\n`;
  // Written under a temporary name, then renamed: a worker never reads half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, out);
  return out;
}

type CompiledModule = Record<string, ValidateFunction> & {
  templates: { template: string; methods: string[] }[];
  noBody: string[];
};

/** The validator from the module compileSpecModule wrote, or undefined when there is none yet. */
export function loadCompiledSpecValidator(specPath: string = DISCORD_SPEC_PATH): SpecValidator | undefined {
  const file = compiledSpecPath(specPath);
  if (!existsSync(file)) return undefined;
  const mod = createRequire(import.meta.url)(file) as CompiledModule;
  const templates = mod.templates.map((t) => ({ ...t, re: templateRegex(t.template) }));
  let slow: SpecValidator | undefined;
  return {
    check(method, path, body) {
      const m = method.toLowerCase();
      const match = templates.find((t) => t.re.test(path) && t.methods.includes(m));
      if (!match) return { errors: [`${method} ${path} is not an operation in Discord's spec`] };
      const key = keyOf(m, match.template);
      const validate = mod[key];
      if (!validate && !mod.noBody.includes(key)) {
        // Not compiled ahead: the full validator compiles it (slowly) on first use.
        slow ??= createSpecValidator(specPath);
        return slow.check(method, path, body);
      }
      return result(match.template, method, validate, body);
    },
  };
}

function result(
  template: string,
  method: string,
  validate: ValidateFunction | undefined,
  body: unknown,
): SpecCheck {
  if (!validate) {
    return body === undefined
      ? { template, errors: [] }
      : { template, errors: [`${method} ${template} takes no JSON body`] };
  }
  if (validate(body)) return { template, errors: [] };
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  return { template, errors: [...new Set(errors)] };
}

/** Loads the spec once and compiles request schemas lazily (the spec is large). */
export function createSpecValidator(specPath: string = DISCORD_SPEC_PATH): SpecValidator {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as OpenApi;
  const ajv = newAjv(false);
  ajv.addSchema({ $id: 'discord', $defs: prepare(spec.components.schemas as Json) } as object);
  const templates = sortedTemplates(spec.paths);
  const compiled = new Map<string, ValidateFunction | undefined>();

  function validatorFor(template: string, method: string): ValidateFunction | undefined {
    const key = keyOf(method, template);
    if (!compiled.has(key)) {
      const schema = spec.paths[template]?.[method]?.requestBody?.content?.['application/json']?.schema;
      compiled.set(key, schema === undefined ? undefined : ajv.compile(prepare(schema) as object));
    }
    return compiled.get(key);
  }

  return {
    check(method, path, body) {
      const m = method.toLowerCase();
      const match = templates.find((t) => t.re.test(path) && t.methods.includes(m));
      if (!match) return { errors: [`${method} ${path} is not an operation in Discord's spec`] };
      return result(match.template, method, validatorFor(match.template, m), body);
    },
  };
}
