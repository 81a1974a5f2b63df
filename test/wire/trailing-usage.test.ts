import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureBytes } from '../helpers/fixtures.js'
import { trailingEmbeddingsUsage } from '../../src/wire/openai-embeddings/trailing-usage.js'

describe('usage read from the end of an embeddings answer', () => {
  it('finds the recorded usage in both encodings (pretty-printed as recorded)', () => {
    for (const file of ['embeddings-response-float.json', 'embeddings-response-base64.json']) {
      const body = fixtureBytes('openai', file)
      const whole = JSON.parse(body.toString('utf8')) as { usage: { prompt_tokens: number; total_tokens: number } }
      assert.deepEqual(trailingEmbeddingsUsage(body), { promptTokens: whole.usage.prompt_tokens, totalTokens: whole.usage.total_tokens }, file)
    }
  })

  it('compact JSON, and usage without total_tokens', () => {
    const body = Buffer.from('{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"m","usage":{"prompt_tokens":3}}')
    assert.deepEqual(trailingEmbeddingsUsage(body), { promptTokens: 3 })
  })

  it('gives up (so the caller parses the whole body) on anything else', () => {
    const cases = [
      '', // empty
      '[1,2]', // not an object
      '{"data":[],"usage":{"prompt_tokens":3},"model":"m"}', // usage not last
      '{"data":[],"usage":{"prompt_tokens":"3"}}', // not a count
      '{"data":[],"usage":{"prompt_tokens":3,}}', // not JSON
      '{"data":[],"usage":{"prompt_tokens":3,"details":{"x":1}}}', // nested: not the flat shape
      `{"data":[${'0.5,'.repeat(200)}0.5],"model":"m"}`, // no usage at all
    ]
    for (const text of cases) assert.equal(trailingEmbeddingsUsage(Buffer.from(text)), undefined, text.slice(0, 60))
  })
})
