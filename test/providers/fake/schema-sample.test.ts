/**
 * The fake model's JSON Schema generator: what it makes validates (ajv is the oracle), the
 * same seed makes the same value, broken values fail, and schemas it cannot honour are refused
 * with a SchemaSampleError that says where, never answered with a value that does not validate.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { z } from 'zod'
import { zodFunction, zodResponseFormat } from 'openai/helpers/zod'
import { SchemaSampleError } from '../../../src/providers/fake/schema/keywords.js'
import { sampleJson } from '../../../src/providers/fake/schema/sample.js'
import { VIOLATIONS, violateJson } from '../../../src/providers/fake/schema/violate.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { anySchema, parametersSchema } from './schema-arbitrary.js'
import { createOracle } from './schema-ajv.js'

const oracle = createOracle()
// Seeded, and the seed printed, so a failure can be replayed.
const SEED = Number(process.env.FAKE_SCHEMA_SEED ?? Date.now() % 1_000_000)
console.log(`# schema generator property seed: ${SEED} (FAKE_SCHEMA_SEED=${SEED} replays it)`)
const params = { seed: SEED, numRuns: Number(process.env.FAKE_SCHEMA_RUNS ?? 300) }
const seeds = fc.integer({ min: 0, max: 0xffffffff })

function assertValid(schema: unknown, value: unknown): void {
  assert.ok(oracle.valid(schema, value), `${JSON.stringify(value)} does not validate against ${JSON.stringify(schema)}: ${oracle.errors(schema, value)}`)
}

describe('fake schema generator: properties', () => {
  it('every sample of a satisfiable schema validates, and is the same for the same seed', () => {
    fc.assert(
      fc.property(anySchema, seeds, (schema, seed) => {
        const value = sampleJson(schema, seed)
        assertValid(schema, value)
        assert.deepEqual(sampleJson(schema, seed), value)
      }),
      params,
    )
  })

  it('strings made of the prompt’s words validate too', () => {
    fc.assert(
      fc.property(anySchema, seeds, fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 4 }), (schema, seed, words) => {
        assertValid(schema, sampleJson(schema, seed, { words }))
      }),
      params,
    )
  })

  it('tool parameters with $defs/$ref and allOf validate too', () => {
    fc.assert(
      fc.property(parametersSchema, seeds, (schema, seed) => {
        assertValid(schema, sampleJson(schema, seed))
      }),
      params,
    )
  })

  it('every violation fails validation, whichever kind is asked for', () => {
    fc.assert(
      fc.property(parametersSchema, seeds, fc.constantFrom(...VIOLATIONS), (schema, seed, kind) => {
        const broken = violateJson(schema, seed, kind)
        assert.ok(!oracle.valid(schema, broken.value), `${kind} (made ${broken.violation} at '${broken.at}') still validates: ${JSON.stringify(broken.value)} against ${JSON.stringify(schema)}`)
      }),
      params,
    )
  })

  it('a schema the generator cannot meet is refused with a SchemaSampleError, never a bad value', () => {
    // Any object shape, including contradictions (min > max, formats with short maxLength, …).
    const wild = fc.dictionary(
      fc.constantFrom('type', 'minLength', 'maxLength', 'minimum', 'maximum', 'enum', 'format', 'pattern', 'minItems', 'maxItems', 'required', 'items', 'multipleOf'),
      fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom('string', 'integer', 'object', 'array', 'email', 'uuid', '^[a-c]{2}$'), fc.array(fc.constantFrom('a', 'b', 1), { maxLength: 3 }), fc.constant({ type: 'string' })),
    )
    fc.assert(
      fc.property(wild, seeds, (schema, seed) => {
        let value: unknown
        try {
          value = sampleJson(schema, seed)
        } catch (err) {
          assert.ok(err instanceof SchemaSampleError, `threw ${String(err)}`)
          return
        }
        let compiles = true
        try {
          oracle.valid(schema, value)
        } catch {
          compiles = false // ajv refuses the schema itself (e.g. a negative minLength)
        }
        if (compiles) assertValid(schema, value)
      }),
      params,
    )
  })

  it('different seeds give different values', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, n: { type: 'integer' }, when: { type: 'string', format: 'date-time' } }, required: ['city', 'n', 'when'] }
    const values = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(sampleJson(schema, i * 7919 + 1))))
    assert.ok(values.size >= 18, `only ${values.size} distinct values of 20`)
  })
})

describe('fake schema generator: schemas from SDKs and recordings', () => {
  it('the zod schemas openai/helpers/zod produces (formats with zod’s patterns, nullable, literals, unions)', () => {
    const Location = z.object({
      city: z.string(),
      units: z.enum(['c', 'f']),
      temp: z.number().min(-50).max(60),
      when: z.iso.datetime(),
      email: z.email(),
      id: z.uuid(),
      tags: z.array(z.string()).min(1).max(3),
      nested: z.object({ ok: z.boolean(), n: z.int().nullable() }),
      lit: z.literal('x'),
      either: z.union([z.string(), z.number()]),
    })
    const schema = zodResponseFormat(Location, 'location').json_schema.schema
    for (let seed = 0; seed < 50; seed++) {
      const value = sampleJson(schema, seed)
      assertValid(schema, value)
      assert.ok(Location.safeParse(value).success, JSON.stringify(value))
    }
  })

  it('a recursive zod schema ($ref into definitions) ends', () => {
    const Node: z.ZodType<{ name: string; children: unknown[] }> = z.object({ name: z.string(), get children() { return z.array(Node) } })
    const schema = zodFunction({ name: 'tree', parameters: z.object({ root: Node }) }).function.parameters
    for (let seed = 0; seed < 30; seed++) assertValid(schema, sampleJson(schema, seed))
  })

  it('the tool and response-format schemas of the recorded OpenAI requests', () => {
    const requests = ['chat-request-tool-call.json', 'chat-request-parallel-tools.json', 'chat-request-json-schema.json'].map((f) => fixtureJson('openai', f) as Record<string, unknown>)
    const schemas: unknown[] = []
    for (const r of requests) {
      for (const t of (r.tools as { function: { parameters: unknown } }[] | undefined) ?? []) schemas.push(t.function.parameters)
      const rf = r.response_format as { json_schema?: { schema: unknown } } | undefined
      if (rf?.json_schema !== undefined) schemas.push(rf.json_schema.schema)
    }
    assert.ok(schemas.length >= 4)
    for (const schema of schemas) for (let seed = 0; seed < 20; seed++) assertValid(schema, sampleJson(schema, seed))
  })

  it('a pattern without a format is met by generating from the pattern', () => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}-\\d{2}$' } }, required: ['code'] }
    for (let seed = 0; seed < 20; seed++) assert.match(String((sampleJson(schema, seed) as { code: string }).code), /^[A-Z]{3}-\d{2}$/)
  })

  it('a property named __proto__ is an own property of the value, not its prototype', () => {
    const props = JSON.parse('{"__proto__": {"type": "integer", "minimum": 7, "maximum": 7}}') as unknown
    const value = sampleJson({ type: 'object', properties: props, required: ['__proto__'] }, 1)
    assert.equal(JSON.stringify(value), '{"__proto__":7}')
  })

  it('draft-04 boolean exclusive bounds', () => {
    const s = { type: 'integer', minimum: 1, maximum: 3, exclusiveMinimum: true, exclusiveMaximum: true }
    for (let seed = 0; seed < 20; seed++) assert.equal(sampleJson(s, seed), 2)
  })
})

describe('fake schema generator: refusals say what and where', () => {
  const refused = (schema: unknown, message: RegExp, pointer: string | RegExp) => {
    assert.throws(
      () => sampleJson(schema, 1),
      (err: unknown) => err instanceof SchemaSampleError && message.test(err.message) && (typeof pointer === 'string' ? err.pointer === pointer : pointer.test(err.pointer)),
    )
  }
  it('unsupported keywords, unsatisfiable bounds, oversized demands, non-local refs', () => {
    refused({ type: 'object', properties: { x: { not: { type: 'string' } } } , required: ['x'] }, /'not' is not supported/, '/properties/x')
    refused({ type: 'string', minLength: 1_000_000_000 }, /minLength 1000000000 is more than/, '/minLength')
    refused({ type: 'integer', minimum: 5, maximum: 4 }, /no integer lies between/, '')
    refused({ type: 'array', minItems: 100000 }, /minItems 100000/, '/minItems')
    refused({ $ref: 'https://example.com/schema.json' }, /only local \$ref/, '/$ref')
    refused({ $ref: '#/$defs/missing' }, /points at nothing/, '/$ref')
    refused({ type: 'object', properties: { a: false }, required: ['a'] }, /admits no value/, '/properties/a')
    refused({ type: 'string', pattern: '(' }, /not a valid regular expression/, '/pattern')
    refused({ type: 'object', required: ['x'], additionalProperties: false }, /additionalProperties: false forbids it/, '')
  })

  it('a schema that recurses without end is refused, not a stack overflow', () => {
    const loop = { $defs: { A: { type: 'object', properties: { a: { $ref: '#/$defs/A' } }, required: ['a'] } }, $ref: '#/$defs/A' }
    refused(loop, /nests deeper than 32 levels/, /^(\/properties\/a){33}$/)
    refused({ $defs: { A: { $ref: '#/$defs/A' } }, $ref: '#/$defs/A' }, /nested \$ref/, '/$defs/A')
  })

  it('a huge schema is refused at the value budget, and at the text budget', () => {
    const wide = (type: string, n: number) => ({ type: 'object', properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type, minLength: 0 }])), required: Array.from({ length: n }, (_, i) => `p${i}`) })
    assert.throws(() => sampleJson(wide('integer', 3000), 1), (err: unknown) => err instanceof SchemaSampleError && /more than 2000 values/.test(err.message))
    const long = { type: 'array', items: { type: 'string', minLength: 4000 }, minItems: 5 }
    assert.throws(() => sampleJson(long, 1), (err: unknown) => err instanceof SchemaSampleError && /more than 16384 characters/.test(err.message))
  })
})

describe('fake schema generator: hostile patterns', () => {
  it('a pattern built to backtrack (against strings built to make it) costs no time: RE2 matches in linear time', () => {
    const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$', maxLength: 3 }, t: { type: 'string', pattern: '^([a-zA-Z]+)*$' } }, required: ['s', 't'] }
    const t0 = performance.now()
    for (let seed = 0; seed < 20; seed++) {
      try {
        // Names made to fail slowly: long runs of the repeated letter, then a character that ends the match.
        const value = sampleJson(schema, seed, { words: ['A' + 'a'.repeat(40) + '!', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'] })
        assert.ok(oracle.valid(schema, value))
      } catch (err) {
        assert.ok(err instanceof SchemaSampleError)
      }
    }
    assert.ok(performance.now() - t0 < 2000, `took ${(performance.now() - t0).toFixed(0)} ms`)
  })

  it('lookaround, backreferences and huge repeat counts are refused, naming the pattern', () => {
    for (const pattern of ['^(?!x)a+$', '(a)\\1', '(a{1000}){1000}']) {
      assert.throws(() => sampleJson({ type: 'string', pattern }, 1), (err: unknown) => err instanceof SchemaSampleError && /matches with RE2: no lookaround, no backreferences, repeat counts up to 1000/.test(err.message) && err.pointer === '/pattern')
    }
  })
})
