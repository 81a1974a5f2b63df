/**
 * Small TypeBox helpers for request schemas, so one schema gives both what ajv checks and the
 * TypeScript type of a valid body (no hand-kept twin, no casts after validation).
 */
import { Type, type Static, type TObject, type TSchema, type TUnsafe } from 'typebox'

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
