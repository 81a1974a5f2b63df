import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toGeminiParameters } from '../../../src/providers/gemini/to-gemini-schema.js'

test('keeps what Gemini knows, drops what it rejects', () => {
  assert.deepEqual(
    toGeminiParameters({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      title: 'Args',
      properties: {
        n: { type: 'integer', minimum: 1, exclusiveMaximum: 10, format: 'int32' },
        email: { type: 'string', format: 'email', pattern: '^.+@.+$' },
        when: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 3 },
        meta: { type: 'object', propertyNames: { pattern: '^x' }, additionalProperties: { type: 'string' } },
      },
      required: ['n'],
      additionalProperties: false,
    }),
    {
      type: 'object',
      title: 'Args',
      properties: {
        n: { type: 'integer', minimum: 1, format: 'int32' },
        email: { type: 'string', pattern: '^.+@.+$' },
        when: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
        meta: { type: 'object' },
      },
      required: ['n'],
    },
  )
})

test('nullable spellings: type lists, anyOf with null, enum with null', () => {
  assert.deepEqual(
    toGeminiParameters({
      type: 'object',
      properties: {
        a: { type: ['string', 'null'] },
        b: { anyOf: [{ type: 'number' }, { type: 'null' }], description: 'b' },
        c: { type: 'string', enum: ['x', null] },
        d: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        e: { type: ['string', 'integer'] },
      },
    }),
    {
      type: 'object',
      properties: {
        a: { type: 'string', nullable: true },
        b: { type: 'number', description: 'b', nullable: true },
        c: { type: 'string', enum: ['x'], nullable: true },
        d: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        e: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      },
    },
  )
})

test('const and non-string enums become string enums', () => {
  assert.deepEqual(
    toGeminiParameters({ type: 'object', properties: { k: { const: 'fixed' }, n: { type: 'integer', enum: [1, 2] } } }),
    { type: 'object', properties: { k: { enum: ['fixed'] }, n: { type: 'integer', enum: ['1', '2'] } } },
  )
})

test('local $refs are inlined; cycles stop at a plain object', () => {
  const out = toGeminiParameters({
    type: 'object',
    $defs: {
      point: { type: 'object', properties: { x: { type: 'number' } } },
      node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } },
    },
    properties: { at: { $ref: '#/$defs/point', description: 'where' }, list: { $ref: '#/definitions/missing' }, head: { $ref: '#/$defs/node' } },
  })
  assert.deepEqual((out?.properties as Record<string, unknown>).at, {
    type: 'object',
    description: 'where',
    properties: { x: { type: 'number' } },
  })
  assert.deepEqual((out?.properties as Record<string, unknown>).list, { type: 'object' })
  let depth = 0
  let node = (out?.properties as Record<string, Record<string, unknown>>).head
  while (node.properties !== undefined) {
    node = (node.properties as Record<string, Record<string, unknown>>).next
    depth++
  }
  assert.ok(depth > 0 && depth <= 9, `cut after ${depth} levels`)
  assert.deepEqual(node, { type: 'object' })
})

test('a tool without parameters sends none', () => {
  assert.equal(toGeminiParameters(undefined), undefined)
  assert.equal(toGeminiParameters({ type: 'object', properties: {} }), undefined)
  assert.equal(toGeminiParameters({ type: 'object' }), undefined)
})

test('keywords of another type are dropped; a typeless root with properties is an object', () => {
  assert.deepEqual(
    toGeminiParameters({
      properties: {
        s: { type: 'string', properties: { x: { type: 'string' } }, required: ['x'], items: { type: 'string' } },
        list: { type: 'array', items: { type: 'integer' }, properties: {} },
      },
    }),
    { type: 'object', properties: { s: { type: 'string' }, list: { type: 'array', items: { type: 'integer' } } } },
  )
})
