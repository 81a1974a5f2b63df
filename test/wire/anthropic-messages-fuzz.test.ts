/**
 * Seeded random inputs (the seed is printed; set SWITCHYARD_FUZZ_SEED to replay one):
 * - the request decoders on recorded Messages requests with random parts replaced by random
 *   JSON: they accept or refuse, and every refusal is a GatewayError (a 400), never a crash;
 * - the model replacement on random JSON objects written with random spacing and escapes: the
 *   result parses to the same object with only `model` changed, and its text differs from the
 *   input only inside the model's value.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { createMessagesDecoders } from '../../src/wire/anthropic-messages/decode-request.js'
import { withMember } from '../../src/wire/json-text.js'
import { RequestSchemas } from '../../src/wire/validate.js'
import { fixtureJson } from '../helpers/fixtures.js'

const seed = Number(process.env.SWITCHYARD_FUZZ_SEED ?? Date.now() % 2 ** 31)
test.before(() => console.log(`# fuzz seed ${seed}`))

/** xorshift32: a small seeded generator, so a failure can be replayed. */
function rng(start: number): () => number {
  let x = start || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 5 : 7))
  switch (pick) {
    case 0:
      return null
    case 1:
      return r() < 0.5
    case 2:
      return Math.floor((r() - 0.5) * 1e6) / (r() < 0.5 ? 1 : 1000)
    case 3:
      return randomString(r)
    case 4:
      return ['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'document', 'user', 'assistant', 'system', 'switchyard:x:'][Math.floor(r() * 11)]
    case 5:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1))
    default: {
      const o: Record<string, unknown> = {}
      for (let i = Math.floor(r() * 4); i > 0; i--) o[['type', 'text', 'content', 'source', 'input', 'id', 'name', 'signature', 'data', 'role', randomString(r)][Math.floor(r() * 11)]!] = randomValue(r, depth + 1)
      return o
    }
  }
}

function randomString(r: () => number): string {
  const alphabet = ['a', 'é', '"', '\\', '\n', 'model', '😀', '\u0000', ' ', ':', '{', '}']
  return Array.from({ length: Math.floor(r() * 6) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('')
}

/** Replaces one random node of `value` (a deep copy) with random JSON. */
function mutate(value: unknown, r: () => number): unknown {
  if (typeof value !== 'object' || value === null || r() < 0.15) return randomValue(r)
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }
  const keys = Object.keys(copy)
  if (keys.length === 0) return randomValue(r)
  const key = keys[Math.floor(r() * keys.length)]!
  ;(copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], r)
  return copy
}

const REQUESTS = ['messages-request-parallel-tool-results.json', 'messages-request-thinking-tool-result-replay.exact.json', 'messages-request-redacted-thinking-replay.json', 'messages-request-image-base64.json', 'messages-request-cache-control-mid-conversation-system.json', 'count-tokens-request-tools-thinking.json']

test('the decoders accept or refuse mutated requests, always with a GatewayError', () => {
  const decoders = createMessagesDecoders(new RequestSchemas())
  const r = rng(seed)
  const bodies = REQUESTS.map((f) => fixtureJson('anthropic-messages', f))
  let refused = 0
  for (let i = 0; i < 3000; i++) {
    const body = mutate(bodies[i % bodies.length], r)
    for (const decode of [decoders.messages, decoders.countTokens]) {
      try {
        decode(body)
      } catch (err) {
        assert.ok(err instanceof GatewayError && err.kind === 'invalid_request', `seed ${seed}, case ${i}: ${String(err)} for ${JSON.stringify(body).slice(0, 300)}`)
        refused++
      }
    }
  }
  assert.ok(refused > 0 && refused < 6000, `some mutations are refused, some accepted (${refused})`)
})

test('the model is replaced in random JSON text, and nothing else changes', () => {
  const r = rng(seed ^ 0x5bd1e995)
  for (let i = 0; i < 2000; i++) {
    const body: Record<string, unknown> = {}
    for (let k = Math.floor(r() * 6); k > 0; k--) body[r() < 0.2 ? 'model' : randomString(r)] = randomValue(r)
    const spaces = [' ', '\n', '\t', '  ', '', '\r\n']
    const text = JSON.stringify(body, null, spaces[Math.floor(r() * spaces.length)])
      // Escape some characters the way other serialisers do (\u-escapes parse the same).
      .replace(/é/g, r() < 0.5 ? '\\u00e9' : 'é')
    const replaced = withMember(text, 'model', '"claude-x"')
    const parsed = JSON.parse(replaced) as Record<string, unknown>
    assert.deepEqual(parsed, { ...(('model' in body) ? {} : { model: 'claude-x' }), ...body, model: 'claude-x' }, `seed ${seed}, case ${i}: ${text}`)
    // Around the new value, the text is the input's: the same bytes before it and after it.
    const at = replaced.indexOf('"claude-x"')
    const after = replaced.slice(at + '"claude-x"'.length)
    if ('model' in body) {
      assert.equal(replaced.slice(0, at), text.slice(0, at), `seed ${seed}, case ${i}`)
      assert.ok(text.endsWith(after) && text.length - after.length > at, `seed ${seed}, case ${i}`)
    } else {
      // Added first, everything after it as written.
      assert.equal(replaced, `{"model":"claude-x"${text === '{}' ? '' : ','}${text.slice(1)}`, `seed ${seed}, case ${i}`)
    }
  }
})
