/**
 * The official openai SDK → the gateway → a local upstream replaying recorded OpenAI traffic
 * byte for byte. Proves the OpenAI-compatible path end to end: model rewriting, key
 * injection, streaming with and without include_usage, tool calls, embeddings, completions.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { metricValue } from '../helpers/gateway.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const SSE = { 'content-type': 'text/event-stream' }
const JSON_CT = { 'content-type': 'application/json' }

describe('openai-compatible upstream through the gateway', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, body: '{}' }))
    gw = await startInProcessGateway(
      `
providers:
  up:
    kind: openai
    base_url: ${upstream.url}/v1
    api_key: \${UP_KEY}
    headers: { x-extra: yes }
    models: [gpt-4o-2024-08-06]
models:
  chat: up/gpt-4o-2024-08-06
  embed: up/text-embedding-3-small
  legacy: up/gpt-3.5-turbo-instruct
`,
      { UP_KEY: 'sk-upstream-secret' },
    )
  })
  after(async () => {
    await gw.close()
    await upstream.close()
  })

  it('relays a non-streaming answer byte for byte, with the model rewritten and our key injected', async () => {
    const recorded = fixtureBytes('openai', 'chat-response-basic.json')
    upstream.setResponder(() => ({ body: recorded, headers: JSON_CT }))
    const completion = await gw.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, top_k: 5 } as never)
    const expected = fixtureJson<{ choices: { message: { content: string } }[]; usage: { total_tokens: number } }>('openai', 'chat-response-basic.json')
    assert.equal(completion.choices[0]!.message.content, expected.choices[0]!.message.content)
    assert.equal(completion.usage?.total_tokens, expected.usage.total_tokens)
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/v1/chat/completions')
    assert.equal(sent.headers.authorization, 'Bearer sk-upstream-secret')
    assert.equal(sent.headers['x-extra'], 'yes')
    const body = sent.json() as Record<string, unknown>
    assert.equal(body.model, 'gpt-4o-2024-08-06')
    assert.equal(body.temperature, 0.2)
    assert.equal(body.top_k, 5, 'unknown parameters pass through')
  })

  it('streams a recorded answer; without include_usage the client gets no usage chunk, but metrics count tokens', async () => {
    const recorded = fixtureBytes('openai', 'chat-stream-include-usage.sse')
    upstream.setResponder(() => ({ body: recorded, headers: SSE, split: 'frames' }))
    const before = metricValue(await gw.metricsText(), 'switchyard_tokens_total', { route: 'chat', type: 'completion' }) ?? 0
    const stream = await gw.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'Invent a holiday' }], stream: true })
    let text = ''
    let sawUsage = false
    let finish: string | null = null
    for await (const chunk of stream) {
      if (chunk.usage) sawUsage = true
      const c = chunk.choices[0]
      if (c?.delta.content) text += c.delta.content
      if (c?.finish_reason) finish = c.finish_reason
    }
    assert.equal(sawUsage, false)
    assert.equal(finish, 'stop')
    const recordedText = recorded
      .toString('utf8')
      .split('\n\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => (JSON.parse(l.slice(6)) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '')
      .join('')
    assert.equal(text, recordedText)
    const sent = upstream.received.at(-1)!.json() as { stream_options?: { include_usage?: boolean } }
    assert.equal(sent.stream_options?.include_usage, true, 'the gateway always asks the upstream for usage')
    const lines = recorded.toString('utf8').trim().split('\n\n')
    const usageLine = JSON.parse(lines[lines.length - 2]!.slice(6)) as { usage: { completion_tokens: number } }
    const after = metricValue(await gw.metricsText(), 'switchyard_tokens_total', { route: 'chat', type: 'completion' })
    assert.equal(after! - before, usageLine.usage.completion_tokens)
  })

  it('passes the usage chunk through when the client asks for it', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('openai', 'chat-stream-include-usage.sse'), headers: SSE, split: 'frames' }))
    const stream = await gw.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } })
    let usage: { completion_tokens: number } | undefined
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage
    assert.ok(usage !== undefined && usage.completion_tokens > 0)
  })

  it('streams parallel tool calls that the SDK reassembles', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('openai', 'chat-stream-parallel-tool-calls.sse'), headers: SSE, split: 'frames' }))
    const runner = gw.client.chat.completions.stream({ model: 'chat', messages: [{ role: 'user', content: 'weather' }] })
    const final = await runner.finalChatCompletion()
    const expected = fixtureJson<{ choices: { message: { tool_calls: { id: string; function: { name: string; arguments: string } }[] } }[] }>('openai', 'chat-response-parallel-tool-calls.json')
    const calls = final.choices[0]!.message.tool_calls!
    assert.equal(calls.length, 2)
    assert.equal(final.choices[0]!.finish_reason, 'tool_calls')
    assert.deepEqual(
      calls.map((c) => (c.type === 'function' ? c.function.name : '')),
      expected.choices[0]!.message.tool_calls.map((c) => c.function.name),
    )
    for (const c of calls) if (c.type === 'function') assert.doesNotThrow(() => JSON.parse(c.function.arguments))
  })

  it('returns base64 embeddings (the SDK default) and floats when asked', async () => {
    upstream.setResponder((req) => {
      const asked = (req.json() as { encoding_format?: string }).encoding_format
      return { body: fixtureBytes('openai', asked === 'base64' ? 'embeddings-response-base64.json' : 'embeddings-response-float.json'), headers: JSON_CT }
    })
    const floats = fixtureJson<{ data: { embedding: number[] }[] }>('openai', 'embeddings-response-float.json')
    const viaDefault = await gw.client.embeddings.create({ model: 'embed', input: ['sunny day at the beach', 'rainy day in the city'] })
    assert.equal((upstream.received.at(-1)!.json() as { encoding_format: string }).encoding_format, 'base64')
    viaDefault.data.forEach((d, i) => d.embedding.forEach((x, j) => assert.ok(Math.abs(x - floats.data[i]!.embedding[j]!) < 1e-6)))
    const viaFloat = await gw.client.embeddings.create({ model: 'embed', input: 'sunny day at the beach', encoding_format: 'float' })
    assert.deepEqual(viaFloat.data[0]!.embedding, floats.data[0]!.embedding)
  })

  it('relays legacy completions, streaming and not', async () => {
    upstream.setResponder((req) => {
      const stream = (req.json() as { stream?: boolean }).stream === true
      return stream
        ? { body: fixtureBytes('openai', 'completions-stream.sse'), headers: SSE, split: 'frames' }
        : { body: fixtureBytes('openai', 'completions-response.json'), headers: JSON_CT }
    })
    const expected = fixtureJson<{ choices: { text: string }[] }>('openai', 'completions-response.json')
    const plain = await gw.client.completions.create({ model: 'legacy', prompt: 'Say this is a test' })
    assert.equal(plain.choices[0]!.text, expected.choices[0]!.text)
    assert.equal(upstream.received.at(-1)!.path, '/v1/completions')
    let text = ''
    for await (const chunk of await gw.client.completions.create({ model: 'legacy', prompt: 'x', stream: true })) text += chunk.choices[0]?.text ?? ''
    assert.ok(text.length > 0)
  })

  it('maps an upstream 401 for our key to a 502 that names the provider and hides the key', async () => {
    upstream.setResponder(() => ({ status: 401, body: fixtureBytes('openai', 'error-401-invalid-api-key.json'), headers: JSON_CT }))
    const err = await gw.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    assert.ok(err instanceof Error)
    assert.equal((err as { status?: number }).status, 502)
    assert.match(err.message, /up/)
    assert.doesNotMatch(JSON.stringify(err), /sk-upstream-secret/)
  })

  it('passes a 429 on with Retry-After', async () => {
    upstream.setResponder(() => ({ status: 429, body: fixtureBytes('openai', 'error-429-rate-limit.json'), headers: { ...JSON_CT, 'retry-after': '7' } }))
    const res = await gw.fetch('/v1/chat/completions', { method: 'POST', headers: JSON_CT, body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }) })
    assert.equal(res.status, 429)
    assert.equal(res.headers.get('retry-after'), '7')
    const body = (await res.json()) as { error: { type: string; code: string } }
    assert.equal(body.error.code, 'rate_limit_exceeded')
  })
})
