/**
 * Small builders the gateway's schemas are written with: routes.yaml (core and each provider's
 * options) and the request bodies the front doors accept. TypeBox builds the JSON Schema and,
 * through `Static<>`, the TypeScript type of what it accepts (no hand-kept twin, no casts after
 * validation); these add the shapes TypeBox has no builder for, each with the static type that
 * its JSON Schema accepts.
 *
 * Build time only: the gateway validates against the generated JSON and imports the schemas for
 * types alone, so TypeBox never loads at start-up.
 */
import Type, { type Static, type TObject, type TObjectOptions, type TProperties, type TSchema, type TUnsafe } from 'typebox'

/** An object that takes the keys it declares and no others (every object in routes.yaml is). */
export function closed<P extends TProperties>(properties: P, options: TObjectOptions = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options })
}

/**
 * A mapping from names the user chooses to values of one schema. `propertyNames` (rather
 * than `patternProperties`) keeps "an invalid name" apart from "an unknown key" in messages.
 */
export function mapOf<V extends TSchema>(value: V, options: { description?: string; names?: TSchema; minProperties?: number } = {}) {
  const { names, ...rest } = options
  return Type.Unsafe<Record<string, Static<V>>>({ type: 'object', ...rest, ...(names === undefined ? {} : { propertyNames: names }), additionalProperties: value })
}

/**
 * A string or a mapping, each with its own schema. `if`/`then`/`else` rather than `anyOf`, so
 * that a wrong value gets one message (the branch it was meant for), not one per branch.
 */
export function stringOrMapping<S extends TSchema, M extends TSchema>(description: string, text: S, mapping: M) {
  return Type.Unsafe<Static<S> | Static<M>>({ description, type: ['string', 'object'], if: { type: 'string' }, then: text, else: mapping })
}

/** A value of either JSON type, e.g. Ollama's keep_alive (a duration string or seconds). */
export function stringOrNumber(description: string) {
  return Type.Unsafe<string | number>({ description, type: ['string', 'number'] })
}

/** A value that may also be `null` (OpenAI's SDKs send nulls for unset options), keeping ajv's "expected number or null" message. */
export function nullable<T extends TSchema & { type: string }>(schema: T): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] })
}

/**
 * One of several object shapes told apart by a tag property (`role`): `oneOf` with ajv's
 * `discriminator`, so an unknown tag is reported as such and a known one by its own shape's errors.
 */
export function tagged<Tag extends string, T extends TObject[]>(tag: Tag, shapes: [...T]): TUnsafe<Static<T[number]>> {
  return Type.Unsafe<Static<T[number]>>({ type: 'object', required: [tag], oneOf: shapes, discriminator: { propertyName: tag } })
}
