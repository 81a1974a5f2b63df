/**
 * The Responses door translating to a chat-only upstream (OpenAI-compatible, replaying OpenAI's
 * recorded chat answers), with the official openai SDK as the client: create and stream, a
 * function-tool loop, structured output with responses.parse, previous_response_id across
 * turns, stored responses and who may read them, and errors in the Responses API's shapes.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import OpenAI from 'openai'
import { zodTextFormat } from 'openai/helpers/zod'
import { z } from 'zod'
import { hashKey } from '../../src/config/resolve-access.js'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { checkResponsesGrammar, parseResponsesSse } from '../helpers/responses-grammar.js'

const SSE = { 'content-type': 'text/event-stream' }
const JSON_CT = { 'content-type': 'application/json' }
const ALICE = 'sk-alice-0123456789abcdef'
const BOB = 'sk-bob-0123456789abcdef01'

interface ChatBody {
  stream?: boolean
  tools?: unknown[]
  response_format?: { type: string }
  messages: { role: string; content?: unknown }[]
}

/** A chat-only upstream answering from OpenAI's recorded chat completions. */
function chatAnswer(req: ReceivedRequest): ReplayAnswer {
  const body = req.json() as ChatBody
  const last = body.messages.at(-1)
  const kind = last?.role === 'tool' ? 'basic' : body.tools !== undefined ? 'tool-call' : body.response_format?.type === 'json_schema' ? 'json-schema' : 'basic'
  if (body.stream === true) return { headers: SSE, body: fixtureBytes('openai', kind === 'basic' ? 'chat-stream-include-usage.sse' : `chat-stream-${kind}.sse`), split: 'frames' }
  return { headers: JSON_CT, body: fixtureBytes('openai', `chat-response-${kind}.json`) }
}

const weather = { type: 'function' as const, name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' }, state: { type: 'string' } }, required: ['city'] }, strict: false }

describe('Responses translated to a chat-only upstream', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway
  let alice: OpenAI
  let bob: OpenAI

  before(async () => {
    upstream = await startReplayUpstream(chatAnswer)
    gw = await startTestGateway(
      `
providers:
  chat: { kind: openai, base_url: "${upstream.url}/v1", api_key: sk-up }
models:
  trans: chat/gpt-4o-2024-08-06
  lenient:
    deployments: [{ target: chat/gpt-4o-2024-08-06 }]
    drop_params: true
keys:
  - { name: alice, hash: "sha256:${hashKey(ALICE)}" }
  - { name: bob, hash: "sha256:${hashKey(BOB)}" }
`,
    )
    alice = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: ALICE, maxRetries: 0 })
    bob = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: BOB, maxRetries: 0 })
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  const lastChat = () => upstream.received.at(-1)!.json() as ChatBody & Record<string, unknown>

  it('answers create with a Response built from the chat completion', async () => {
    const r = await alice.responses.create({ model: 'trans', input: 'Hi', instructions: 'Be brief.', max_output_tokens: 50, temperature: 0.3 })
    assert.equal(r.object, 'response')
    assert.equal(r.status, 'completed')
    assert.match(r.id, /^resp_/)
    assert.ok(r.output_text.length > 0)
    assert.equal(r.instructions, 'Be brief.')
    assert.equal(r.usage?.input_tokens !== undefined && r.usage.input_tokens > 0, true)
    const sent = lastChat()
    assert.deepEqual(sent.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }])
    assert.equal(sent.max_tokens, 50)
    assert.equal(sent.temperature, 0.3)
  })

  it('streams the exact Responses event sequence (checked against the grammar of recorded streams)', async () => {
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: { ...JSON_CT, authorization: `Bearer ${ALICE}` }, body: JSON.stringify({ model: 'trans', input: 'Hi', stream: true }) })
    assert.equal(res.status, 200)
    const text = await res.text()
    assert.ok(!text.includes('[DONE]'))
    const summary = checkResponsesGrammar(parseResponsesSse(text), { sequenceNumbers: true })
    assert.equal(summary.terminal, 'response.completed')
    assert.ok(summary.text.length > 0)
    const usage = summary.usage as { input_tokens: number; output_tokens: number }
    assert.ok(usage.input_tokens > 0 && usage.output_tokens > 0)
  })

  for (const streamed of [false, true]) {
    it(`runs a function-tool loop (${streamed ? 'streamed' : 'not streamed'}): fc_ item id, call_ call id, output matched by call_id`, async () => {
      const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in San Francisco?' }]
      const first = streamed ? await alice.responses.stream({ model: 'trans', input, tools: [weather] }).finalResponse() : await alice.responses.create({ model: 'trans', input, tools: [weather] })
      const call = first.output.find((o) => o.type === 'function_call')
      assert.ok(call !== undefined && call.type === 'function_call')
      assert.match(call.id ?? '', /^fc_/)
      assert.match(call.call_id, /^call_C/)
      assert.equal(call.name, 'get_weather')
      assert.equal((JSON.parse(call.arguments) as { city: string }).city, 'San Francisco')
      assert.equal((lastChat().tools as { function: { name: string } }[])[0]!.function.name, 'get_weather')

      const next = [...input, call, { type: 'function_call_output' as const, call_id: call.call_id, output: '{"temperature": 65}' }]
      const second = streamed ? await alice.responses.stream({ model: 'trans', input: next, tools: [weather] }).finalResponse() : await alice.responses.create({ model: 'trans', input: next, tools: [weather] })
      assert.ok(second.output_text.length > 0)
      const sent = lastChat().messages as { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[]
      assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'tool'])
      assert.equal(sent[1]!.tool_calls![0]!.id, call.call_id)
      assert.equal(sent[2]!.tool_call_id, call.call_id)
    })
  }

  it('gives structured output to responses.parse (text.format json_schema → response_format)', async () => {
    const Weather = z.object({ city: z.string(), temperature: z.number(), units: z.enum(['c', 'f']) })
    const parsed = await alice.responses.parse({ model: 'trans', input: 'Weather?', text: { format: zodTextFormat(Weather, 'weather') } })
    assert.deepEqual(parsed.output_parsed, { city: 'San Francisco', temperature: 65, units: 'f' })
    const format = lastChat().response_format as { type: string; json_schema: { name: string; strict: boolean } }
    assert.equal(format.type, 'json_schema')
    assert.equal(format.json_schema.name, 'weather')
    assert.equal(format.json_schema.strict, true)
  })

  it('continues with previous_response_id across turns (streamed and not): the stored conversation goes to the upstream', async () => {
    const first = await alice.responses.create({ model: 'trans', input: 'My name is Ada.' })
    const second = await alice.responses.stream({ model: 'trans', input: 'What is my name?', previous_response_id: first.id }).finalResponse()
    assert.equal(second.previous_response_id, first.id)
    const sent = lastChat().messages as { role: string; content: unknown }[]
    assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'user'])
    assert.deepEqual(sent[0]!.content, [{ type: 'text', text: 'My name is Ada.' }])
    assert.equal(sent[1]!.content, first.output_text)
    await alice.responses.create({ model: 'trans', input: 'And again?', previous_response_id: second.id })
    assert.deepEqual((lastChat().messages as { role: string }[]).map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user'])
  })

  it('lets only the key that made a response read, continue or delete it', async () => {
    const r = await alice.responses.create({ model: 'trans', input: 'secret' })
    const notFound = (err: { status?: number }) => err.status === 404
    await assert.rejects(bob.responses.retrieve(r.id), notFound)
    await assert.rejects(bob.responses.inputItems.list(r.id), notFound)
    await assert.rejects(bob.responses.create({ model: 'trans', input: 'go on', previous_response_id: r.id }), notFound)
    await assert.rejects(bob.responses.delete(r.id), notFound)
    assert.equal((await alice.responses.retrieve(r.id)).id, r.id)
    const items = await alice.responses.inputItems.list(r.id)
    assert.equal(items.data.length, 1)
  })

  it('keeps nothing with store: false', async () => {
    const r = await alice.responses.create({ model: 'trans', input: 'ephemeral', store: false })
    assert.equal('store' in r ? r.store : undefined, false)
    await assert.rejects(alice.responses.retrieve(r.id), (err: { status?: number }) => err.status === 404)
    await assert.rejects(alice.responses.create({ model: 'trans', input: 'more', previous_response_id: r.id }), (err: { status?: number; param?: string }) => err.status === 404 && err.param === 'previous_response_id')
  })

  it('refuses a hosted tool and an unknown parameter by name, unless the route drops them', async () => {
    const bad = (param: string) => (err: { status?: number; message?: string; param?: string }) => err.status === 400 && err.param === param && (err.message ?? '').includes('drop_params')
    await assert.rejects(alice.responses.create({ model: 'trans', input: 'news', tools: [{ type: 'web_search' }] }), bad('tools[0] (web_search)'))
    await assert.rejects(alice.responses.create({ model: 'trans', input: 'hi', vendor_knob: 3 } as never), bad('vendor_knob'))
    const r = await alice.responses.create({ model: 'lenient', input: 'news', tools: [{ type: 'web_search' }, weather], vendor_knob: 3 } as never)
    assert.ok(r.output.some((o) => o.type === 'function_call'))
    const sent = lastChat()
    assert.equal(sent.vendor_knob, undefined)
    assert.deepEqual((sent.tools as { function: { name: string } }[]).map((t) => t.function.name), ['get_weather'])
  })

  it('answers a bad request with OpenAI\'s error shape before any stream', async () => {
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: { ...JSON_CT, authorization: `Bearer ${ALICE}` }, body: JSON.stringify({ model: 'trans', input: 'hi', temperature: 7, stream: true }) })
    assert.equal(res.status, 400)
    const body = (await res.json()) as { error: { param: string; type: string } }
    assert.equal(body.error.param, 'temperature')
    assert.equal(body.error.type, 'invalid_request_error')
  })
})

describe('Responses translated: a failure after the stream started', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway(`
providers:
  fake: { kind: fake, ttft_ms: 1, tokens_per_second: 2000 }
models:
  m: fake/f
`)
  })
  after(() => gw.close())

  it('ends with an error event, then response.failed, numbered on from the content before it', async () => {
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: JSON_CT, body: JSON.stringify({ model: 'm', input: 'fake:error midstream', stream: true }) })
    assert.equal(res.status, 200)
    const events = parseResponsesSse(await res.text())
    assert.deepEqual(events.map((e) => e.data.sequence_number), events.map((_, i) => i))
    assert.ok(events.some((e) => e.data.type === 'response.output_text.delta'), 'content came first')
    assert.deepEqual(events.slice(-2).map((e) => e.data.type), ['error', 'response.failed'])
    const failed = events.at(-1)!.data.response as { status: string; id: string }
    assert.equal(failed.status, 'failed')
    assert.equal(failed.id, (events[0]!.data.response as { id: string }).id)
    await assert.rejects(gw.client.responses.stream({ model: 'm', input: 'fake:error midstream' }).finalResponse(), (err: unknown) => err instanceof OpenAI.APIError)
  })
})
