// Owns when route schemas become code. Fastify compiles every route's validators (ajv) and response
// serializers (fast-json-stringify) when the server starts: for this API that was most of the
// start-up CPU time and about 25 MB of memory, for routes a server may never see. These compilers
// are fastify's own, built with the options fastify passes them, but each route schema is compiled
// at its first use and kept; requests, answers and error bodies are the same.
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
type ValidatorCompiler = ReturnType<ValidatorFactory>;
type Validator = ReturnType<ValidatorCompiler>;
type SerializerCompiler = ReturnType<SerializerFactory>;
type Serializer = ReturnType<SerializerCompiler>;

// Resolved from fastify's package, so they are the very modules fastify would have used; loaded
// (with ajv and fast-json-stringify) by the first compilation.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const defaultValidators = () => fromFastify('@fastify/ajv-compiler') as () => ValidatorFactory;
const defaultSerializers = () =>
  (
    fromFastify('@fastify/fast-json-stringify-compiler') as {
      SerializerSelector: () => SerializerFactory;
    }
  ).SerializerSelector;

/** Keywords whose values name properties: lower-cased in a headers schema (see below). */
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;

/**
 * A headers schema with its property names in lower case, as Node gives header names. Fastify
 * does this itself for its built-in compiler only; a compilers factory receives the schema as
 * written. Route schemas are left untouched (the OpenAPI description shows them as written).
 */
export function lowerCaseHeaderNames<T>(schema: T): T {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const source = schema as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...source };
  const properties = source.properties;
  if (properties !== null && typeof properties === 'object' && !Array.isArray(properties))
    copy.properties = Object.fromEntries(
      Object.entries(properties).map(([name, value]) => [name.toLowerCase(), value]),
    );
  if (Array.isArray(source.required))
    copy.required = source.required.map((name: unknown) =>
      typeof name === 'string' ? name.toLowerCase() : name,
    );
  for (const keyword of SUBSCHEMA_LISTS) {
    const list = source[keyword];
    if (Array.isArray(list))
      copy[keyword] = list.map((item: unknown) => lowerCaseHeaderNames(item));
  }
  return copy as T;
}

/**
 * A validator that compiles on its first call. Fastify reads `schemaEnv` (to pass the parent
 * object, so ajv can coerce a whole request part) and `errors` (after a failed call) from the
 * function itself, so both are passed through from the compiled one.
 */
function deferredValidator(compile: () => Validator): Validator {
  let compiled: Validator | undefined;
  const current = () => (compiled ??= compile());
  const validate = function (this: unknown, ...args: unknown[]) {
    return (current() as (...a: unknown[]) => unknown).apply(this, args);
  } as unknown as Validator;
  Object.defineProperties(validate, {
    errors: { get: () => current().errors, configurable: true },
    schemaEnv: { get: () => (current() as { schemaEnv?: unknown }).schemaEnv, configurable: true },
  });
  return validate;
}

const buildValidator: ValidatorFactory = (externalSchemas, options) => {
  // The ajv instance itself is made with the first validator compiled.
  let compiler: ValidatorCompiler | undefined;
  const real = () => (compiler ??= defaultValidators()()(externalSchemas, options));
  return ((route) => {
    const definition =
      route.httpPart === 'headers'
        ? { ...route, schema: lowerCaseHeaderNames(route.schema) }
        : route;
    return deferredValidator(() => real()(definition));
  }) as ValidatorCompiler;
};

const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  let compiler: SerializerCompiler | undefined;
  const real = () => (compiler ??= defaultSerializers()()(externalSchemas, options));
  return (route) => {
    let serialize: Serializer | undefined;
    return (data) => (serialize ??= real()(route))(data);
  };
};

/** For fastify's `schemaController.compilersFactory` option. */
export const lazySchemaCompilers: CompilersFactory = { buildValidator, buildSerializer };
