import { test } from 'node:test'
import assert from 'node:assert/strict'
import Anthropic from '@anthropic-ai/sdk'
import { startTestGateway } from './helpers/gateway.js'

test('smoke', async () => {
  const gw = await startTestGateway(`
providers:
  f: { kind: fake, ttft_ms: 5, tokens_per_second: 2000 }
models:
  claude-x: f/fake-model
`)
  try {
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'k', maxRetries: 0 })
    const msg = await client.messages.create({ model: 'claude-x', max_tokens: 50, messages: [{ role: 'user', content: 'hello there' }] })
    console.log(JSON.stringify(msg))
    const stream = client.messages.stream({ model: 'claude-x', max_tokens: 50, messages: [{ role: 'user', content: 'hello there' }] })
    for await (const ev of stream) console.log(JSON.stringify(ev).slice(0, 150))
    const final = await stream.finalMessage()
    console.log(JSON.stringify(final))
    const count = await client.messages.countTokens({ model: 'claude-x', messages: [{ role: 'user', content: 'hello there' }] })
    console.log(count)
    const bad = await client.messages.create({ model: 'nope', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    console.log(String(bad), (bad as { status?: number }).status)
    assert.ok(true)
  } finally {
    await gw.close()
  }
})
