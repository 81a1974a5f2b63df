/**
 * The Anthropic SDK → the gateway → a real inference server: llama.cpp's llama-server
 * (../shared/llama-server), which serves Anthropic's /v1/messages and count_tokens itself. As an
 * `anthropic`-kind provider it gets the client's bytes (passthrough); as an `openai`-kind one the
 * same calls are translated to chat completions and back.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import Anthropic from '@anthropic-ai/sdk'
import { startLlamaServer, LLAMA_MODEL, type LlamaServer } from '../helpers/llama-server.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'

const ask = (model: string): Anthropic.MessageCreateParamsNonStreaming => ({ model, max_tokens: 12, system: 'Dream.', messages: [{ role: 'user', content: 'Tell me about the sea' }] })

describe('Messages to llama-server', () => {
  let llama: LlamaServer
  let gw: TestGateway
  let client: Anthropic

  before(async () => {
    llama = await startLlamaServer()
    gw = await startTestGateway(`
providers:
  llama-native: { kind: anthropic, base_url: ${llama.url}, models: [${LLAMA_MODEL}] }
  llama-chat: { kind: openai, base_url: ${llama.url}/v1, models: [${LLAMA_MODEL}] }
models:
  native: llama-native/${LLAMA_MODEL}
  chat: llama-chat/${LLAMA_MODEL}
`)
    client = new Anthropic({ baseURL: gw.url, apiKey: 'unused', maxRetries: 0, timeout: 30_000 })
  })
  after(async () => {
    await gw?.close()
    await llama?.close()
  })

  for (const route of ['native', 'chat']) {
    it(`${route}: messages.create and messages.stream agree in shape; usage and stop reason come through`, async () => {
      const plain = await client.messages.create(ask(route))
      assert.equal(plain.type, 'message')
      assert.equal(plain.role, 'assistant')
      assert.equal(plain.content[0]?.type, 'text')
      assert.equal(plain.stop_reason, 'max_tokens')
      assert.ok(plain.usage.input_tokens > 0 && plain.usage.output_tokens === 12, JSON.stringify(plain.usage))

      const stream = client.messages.stream(ask(route))
      const types: string[] = []
      for await (const event of stream) types.push(event.type)
      const final = await stream.finalMessage()
      assert.equal(types[0], 'message_start')
      assert.deepEqual(types.slice(-2), ['message_delta', 'message_stop'])
      assert.equal(final.stop_reason, 'max_tokens')
      assert.equal(final.usage.output_tokens, 12)
      assert.ok(final.content.length === 1 && final.content[0]?.type === 'text' && final.content[0].text.length > 0)
      const metrics = await gw.metricsText()
      assert.ok((metricValue(metrics, 'switchyard_time_to_first_token_seconds_count', { endpoint: 'messages', route }) ?? 0) >= 1, 'TTFT measured for the messages door')
    })
  }

  it('count_tokens: llama-server counts natively (exact); through the chat kind, the gateway estimates', async () => {
    const body = { model: 'native', messages: [{ role: 'user', content: 'Tell me about the sea' }] }
    const native = await fetch(`${gw.url}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) })
    assert.equal(native.status, 200)
    assert.equal(native.headers.get('x-switchyard-token-count'), 'exact')
    const exact = (await native.json()) as { input_tokens: number }
    const direct = (await (await fetch(`${llama.url}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, model: LLAMA_MODEL }) })).json()) as { input_tokens: number }
    assert.deepEqual(exact, direct, 'the server’s own count')
    const estimated = await client.messages.countTokens({ ...body, model: 'chat' } as Anthropic.MessageCountTokensParams)
    assert.ok(estimated.input_tokens > 0)
  })
})
