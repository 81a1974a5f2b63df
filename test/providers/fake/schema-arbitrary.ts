/**
 * fast-check arbitraries of JSON Schemas in the generator's subset, built so that each one is
 * satisfiable: tool parameters and response formats as clients write them (and zod, pydantic
 * and the OpenAI SDK helpers generate them).
 */
import fc from 'fast-check'

type Schema = Record<string, unknown>

// Not '__proto__' or 'constructor': ajv reads them through the prototype (the generator's own
// test covers '__proto__').
const names = fc.constantFrom('city', 'units', 'count', 'tags', 'when', 'id', 'note', 'level', 'a', 'b_c', 'with space', 'ünï')
const formats = fc.constantFrom('date-time', 'date', 'time', 'email', 'hostname', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'uuid', 'duration', 'json-pointer')
const patterns = fc.constantFrom('^[A-Z]{3}-\\d{2}$', '^[a-z]+$', '^\\d{5}(-\\d{4})?$', '^(foo|bar)_[0-9]{1,3}$', 'abc', '^[\\w.+-]+@example\\.org$', '^#[0-9a-fA-F]{6}$')

const stringSchema: fc.Arbitrary<Schema> = fc.oneof(
  fc.record({ min: fc.integer({ min: 0, max: 12 }), extra: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }) }).map(({ min, extra }) => ({
    type: 'string',
    ...(min > 0 ? { minLength: min } : {}),
    ...(extra === undefined ? {} : { maxLength: min + extra }),
  })),
  formats.map((format) => ({ type: 'string', format })),
  patterns.map((pattern) => ({ type: 'string', pattern })),
  fc.constant({ type: 'string', format: 'email', maxLength: 80 }),
)

const integerSchema: fc.Arbitrary<Schema> = fc
  .record({ lo: fc.integer({ min: -1000, max: 1000 }), span: fc.integer({ min: 0, max: 300 }), step: fc.option(fc.integer({ min: 2, max: 7 }), { nil: undefined }), exclusive: fc.boolean(), bounded: fc.constantFrom('both', 'lo', 'hi', 'none') })
  .map(({ lo, span, step, exclusive, bounded }) => {
    const s: Schema = { type: 'integer' }
    const hi = lo + span + (step ?? 0) + (exclusive ? 2 : 0)
    if (bounded === 'both' || bounded === 'lo') s[exclusive ? 'exclusiveMinimum' : 'minimum'] = lo
    if (bounded === 'both' || bounded === 'hi') s[exclusive ? 'exclusiveMaximum' : 'maximum'] = hi
    if (step !== undefined) s.multipleOf = step
    return s
  })

const numberSchema: fc.Arbitrary<Schema> = fc
  .record({ lo: fc.double({ min: -1e6, max: 1e6, noNaN: true }), span: fc.double({ min: 5, max: 1e4, noNaN: true }), step: fc.option(fc.constantFrom(0.5, 0.25, 2), { nil: undefined }), exclusive: fc.boolean() })
  .map(({ lo, span, step, exclusive }) => ({
    type: 'number',
    [exclusive ? 'exclusiveMinimum' : 'minimum']: lo,
    [exclusive ? 'exclusiveMaximum' : 'maximum']: lo + span,
    ...(step === undefined ? {} : { multipleOf: step }),
  }))

const primitive = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -50, max: 50 }), fc.boolean(), fc.constant(null))
const enumSchema: fc.Arbitrary<Schema> = fc.oneof(
  fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }).map((values) => ({ type: 'string', enum: values })),
  fc.uniqueArray(primitive, { minLength: 1, maxLength: 5, selector: (v) => JSON.stringify(v) }).map((values) => ({ enum: values })),
  primitive.map((value) => ({ const: value })),
)

const leaf: fc.Arbitrary<Schema> = fc.oneof(
  stringSchema,
  integerSchema,
  numberSchema,
  enumSchema,
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: 'null' }),
  fc.constantFrom('string', 'integer', 'boolean').map((t) => ({ type: [t, 'null'] })),
  fc.constant({}),
)

/** Satisfiable schemas of any shape, nested up to a few levels. */
export const anySchema: fc.Arbitrary<Schema> = fc.letrec<{ schema: Schema; object: Schema }>((tie) => ({
  schema: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'schema' },
    leaf,
    tie('object'),
    fc.record({ items: tie('schema'), min: fc.integer({ min: 0, max: 3 }), extra: fc.integer({ min: 0, max: 3 }) }).map(({ items, min, extra }) => ({ type: 'array', items, minItems: min, maxItems: min + extra })),
    fc.constantFrom({ type: 'string' }, { type: 'integer', minimum: 0, maximum: 1000 }).map((items) => ({ type: 'array', items, minItems: 2, uniqueItems: true })),
    fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
    tie('schema').map((s) => ({ anyOf: [s, { type: 'null' }] })),
    fc.shuffledSubarray([{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }, { type: 'null' }, { type: 'object' }], { minLength: 1 }).map((oneOf) => ({ oneOf })),
    fc.tuple(stringSchema, integerSchema).map(([a, b]) => ({ type: 'array', prefixItems: [a, b], items: false, minItems: 2 })),
  ),
  object: fc
    .record({
      props: fc.dictionary(names, tie('schema'), { maxKeys: 5 }),
      requiredMask: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      closed: fc.constantFrom(true, false, undefined),
      sized: fc.option(fc.tuple(fc.nat(5), fc.nat(5)), { nil: undefined }),
    })
    .map(({ props, requiredMask, closed, sized }) => {
      const keys = Object.keys(props)
      const required = keys.filter((_, i) => requiredMask[i])
      const counts = sized === undefined ? {} : { minProperties: Math.min(sized[0], keys.length), maxProperties: Math.max(required.length, Math.min(sized[0], keys.length) + sized[1]) }
      return {
        type: 'object',
        properties: props,
        required,
        ...(closed === undefined ? {} : { additionalProperties: !closed }),
        ...counts,
      }
    }),
})).schema

/** Root schemas as tools declare parameters: an object, sometimes through $defs/$ref or allOf. */
export const parametersSchema: fc.Arbitrary<Schema> = fc.oneof(
  anySchema.map((s) => ({ type: 'object', properties: { value: s }, required: ['value'] })),
  fc.tuple(anySchema, anySchema).map(([a, b]) => ({
    type: 'object',
    properties: { first: { $ref: '#/$defs/A' }, second: { $ref: '#/definitions/B' } },
    required: ['first', 'second'],
    additionalProperties: false,
    $defs: { A: a },
    definitions: { B: b },
  })),
  fc.tuple(anySchema, anySchema).map(([a, b]) => ({
    allOf: [
      { type: 'object', properties: { left: a }, required: ['left'] },
      { type: 'object', properties: { right: b }, required: ['right'] },
    ],
  })),
)
