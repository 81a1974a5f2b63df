/**
 * The official openai SDK → the gateway → a fake Ollama (native /api/chat and /api/embed,
 * NDJSON streaming) on 127.0.0.1 replaying recorded and documented answers byte for byte.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { ollamaGuard } from '../helpers/provider-guards.js'
import { assertRateObserved, bothAnswers, plainAnswer, streamedAnswer, streamUntilError, type Answer } from '../helpers/e2e-answers.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const NDJSON = { 'content-type': 'application/x-ndjson' }
const JSON_CT = { 'content-type': 'application/json; charset=utf-8' }
const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }
const ask = (model: string, content = 'Why is the sky blue?') => ({ model, messages: [{ role: 'user' as const, content }] })

interface ChatLine {
  message: { content: string }
  done: boolean
  prompt_eval_count?: number
  eval_count?: number
}

describe('ollama (native API) through the gateway', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: ollamaGuard(fixtureBytes('ollama', 'error.json')) })
    gw = await startInProcessGateway(`
providers:
  local: { kind: ollama, base_url: ${upstream.url}, models: [llama3, llama3.2, all-minilm] }
models:
  llama: local/llama3
  llama32: local/llama3.2
  minilm: local/all-minilm
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('non-streaming: text, finish and usage from prompt_eval_count / eval_count', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('ollama', 'chat-response.json'), headers: JSON_CT, headersDelayMs: 40 }))
    let answer: Answer | undefined
    await assertRateObserved(gw, 'llama32', false, 298, 0.035, async () => {
      answer = await plainAnswer(gw.client, ask('llama32'))
    })
    assert.deepEqual(answer, { text: 'Hello! How are you today?', toolCalls: [], finish: 'stop', usage: { prompt: 26, completion: 298 } })
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/api/chat')
    assert.deepEqual(sent.json(), { model: 'llama3.2', messages: [{ role: 'user', content: 'Why is the sky blue?' }], stream: false })
  })

  it('streaming NDJSON: the recorded text, finish, usage from the done line; TTFT and tokens/sec recorded', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('ollama', 'chat-stream.ndjson'), headers: NDJSON, split: 'lines', delayMs: 20, headersDelayMs: 30 }))
    const lines = fixtureBytes('ollama', 'chat-stream.ndjson')
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ChatLine)
    const done = lines.at(-1)!
    let answer: Answer | undefined
    // Ten text lines 20 ms apart: 200 ms of generation (half that allows for uneven delivery).
    await assertRateObserved(gw, 'llama', true, done.eval_count!, 0.1, async () => {
      answer = await streamedAnswer(gw.client, ask('llama'))
    }, 0.03)
    assert.equal(answer!.text, lines.map((l) => l.message.content).join(''))
    assert.equal(answer!.finish, 'stop')
    assert.deepEqual(answer!.usage, { prompt: done.prompt_eval_count, completion: done.eval_count })
    assert.equal((upstream.received.at(-1)!.json() as { stream: boolean }).stream, true)
  })

  it('the same tool-call exchange, streamed and not, agrees on calls, finish and usage', async () => {
    upstream.setResponder((req) =>
      (req.json() as { stream?: boolean }).stream === true
        ? { body: fixtureBytes('ollama', 'chat-stream-tools.ndjson'), headers: NDJSON, split: 'lines' }
        : { body: fixtureBytes('ollama', 'chat-response-tools.json'), headers: JSON_CT },
    )
    const params = { ...ask('llama32', 'What is the weather in Tokyo?'), tools: [weather] }
    const { plain, streamed } = await bothAnswers(gw.client, params)
    assert.deepEqual(plain.toolCalls, [{ name: 'get_weather', arguments: { city: 'Tokyo' } }])
    assert.equal(plain.finish, 'tool_calls')
    // Separate runs of the documented exchange: same prompt count, their own completion counts.
    assert.equal(plain.usage?.prompt, 169)
    assert.equal(streamed.usage?.prompt, 169)
    assert.deepEqual([plain.usage?.completion, streamed.usage?.completion], [18, 15])
    const sent = upstream.received.at(-1)!.json() as { tools: { function: { name: string } }[] }
    assert.deepEqual(sent.tools.map((t) => t.function.name), ['get_weather'])
  })

  it('images go as base64 in `images`; a JSON schema goes as `format`', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('ollama', 'chat-response.json'), headers: JSON_CT }))
    await plainAnswer(gw.client, {
      model: 'llama32',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
      response_format: { type: 'json_schema', json_schema: { name: 'thing', schema: { type: 'object', properties: { name: { type: 'string' } } } } },
    })
    const sent = upstream.received.at(-1)!.json() as { messages: { images?: string[] }[]; format: unknown }
    assert.deepEqual(sent.messages[0]!.images, ['iVBORw0KGgo='])
    assert.deepEqual(sent.format, { type: 'object', properties: { name: { type: 'string' } } })
  })

  it('embeddings from /api/embed, as base64 (the SDK default) and floats', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('ollama', 'embed-response.json'), headers: JSON_CT }))
    const recorded = fixtureJson<{ embeddings: number[][] }>('ollama', 'embed-response.json')
    const viaDefault = await gw.client.embeddings.create({ model: 'minilm', input: ['Why is the sky blue?', 'Why is the grass green?'] })
    assert.equal(upstream.received.at(-1)!.path, '/api/embed')
    assert.deepEqual((upstream.received.at(-1)!.json() as { input: string[] }).input, ['Why is the sky blue?', 'Why is the grass green?'])
    viaDefault.data.forEach((d, i) => d.embedding.forEach((x, j) => assert.ok(Math.abs(x - recorded.embeddings[i]![j]!) < 1e-6)))
    const viaFloat = await gw.client.embeddings.create({ model: 'minilm', input: ['a', 'b'], encoding_format: 'float' })
    assert.deepEqual(viaFloat.data.map((d) => d.embedding), recorded.embeddings)
    // The recorded answer has no prompt_eval_count: the gateway counts the inputs (o200k: "Why is the sky blue?" is 6 tokens).
    assert.equal(viaDefault.usage.prompt_tokens, 12)
    assert.equal(viaFloat.usage.prompt_tokens, 2)
  })

  it('errors: the documented 500 body is a 502 carrying its message; a mid-stream error line ends the stream with an error', async () => {
    upstream.setResponder(() => ({ status: 500, body: fixtureBytes('ollama', 'error.json'), headers: JSON_CT }))
    const failed = await gw.client.chat.completions.create(ask('llama')).catch((e: unknown) => e)
    assert.ok(failed instanceof APIError)
    assert.equal(failed.status, 502)
    assert.match(failed.message, /the model failed to generate a response/)

    const first = fixtureBytes('ollama', 'chat-stream.ndjson').toString('utf8').split('\n')[0]!
    upstream.setResponder(() => ({ body: `${first}\n${fixtureBytes('ollama', 'error.json').toString('utf8').replace(/\s+/g, ' ').trim()}\n`, headers: NDJSON, split: 'lines' }))
    const { text, error: err } = await streamUntilError(gw.client, ask('llama'))
    assert.equal(text, 'The')
    assert.match(err.message, /the model failed to generate a response/)
  })
})
