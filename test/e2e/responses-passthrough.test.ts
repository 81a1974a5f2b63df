/**
 * The Responses door's passthrough, with the official openai SDK as the client and a local
 * upstream that serves the Responses API by replaying OpenAI's recorded answers: the body goes up
 * byte for byte with only the model replaced, the answer comes back as recorded (no `[DONE]`
 * added), the gateway keeps what it needs to serve retrieve, input_items and delete, and a
 * continuation is forwarded (to an upstream that keeps state) or rebuilt (for one that does not).
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { parseResponsesSse } from '../helpers/responses-grammar.js'

const DIR = 'openai-responses'
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' }
const JSON_CT = { 'content-type': 'application/json' }

/** The completed Response of a recorded stream: a real non-streamed body for the same answer. */
function completedBody(file: string): string {
  const completed = parseResponsesSse(fixtureText(DIR, file)).find((e) => e.data.type === 'response.completed')!
  return JSON.stringify(completed.data.response)
}

function answer(req: ReceivedRequest): ReplayAnswer {
  const body = req.json() as { stream?: boolean; tools?: unknown[]; input?: unknown }
  const afterCall = JSON.stringify(body.input ?? '').includes('function_call_output')
  const file = afterCall ? 'responses-stream-after-function-call-output.sse' : body.tools !== undefined ? 'responses-stream-function-call.sse' : 'responses-stream-text.sse'
  if (body.stream === true) return { headers: SSE, body: fixtureBytes(DIR, file), split: 'frames' }
  return { headers: JSON_CT, body: completedBody(file) }
}

describe('Responses passthrough to an upstream that serves /v1/responses', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway

  before(async () => {
    upstream = await startReplayUpstream(answer)
    gw = await startTestGateway(
      `
providers:
  oa: { kind: openai, base_url: "${upstream.url}/v1", api_key: sk-up, responses_api: true }
  keeper: { kind: openai, base_url: "${upstream.url}/keeper/v1", api_key: sk-up, responses_api: true, responses_store: true }
models:
  pass: oa/gpt-5-mini
  kept: keeper/gpt-5-mini
`,
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('relays the body byte for byte with only the model replaced, and the answer as it came', async () => {
    const text = '{"model": "pass", "input": "What is 2+2?", "temperature": 1.0, "x_vendor": {"k": "\\u00e9"}, "metadata": {"a": "b"}}'
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: JSON_CT, body: text })
    assert.equal(res.status, 200)
    assert.equal(await res.text(), completedBody('responses-stream-text.sse'))
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/v1/responses')
    assert.equal(sent.headers.authorization, 'Bearer sk-up')
    assert.equal(sent.body, text.replace('"model": "pass"', '"model": "gpt-5-mini"'))
  })

  it('streams the recorded events through the SDK, keeps the response, and counts it under endpoint "responses"', async () => {
    const before = metricValue(await gw.metricsText(), 'switchyard_requests_total', { endpoint: 'responses', status: '200', stream: 'true' }) ?? 0
    const stream = gw.client.responses.stream({ model: 'pass', input: 'What is 2+2?' })
    const deltas: string[] = []
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta))
    const final = await stream.finalResponse()
    assert.equal(final.output_text, '2+2 = 4')
    assert.equal(deltas.join(''), '2+2 = 4')
    const metrics = await gw.metricsText()
    assert.equal(metricValue(metrics, 'switchyard_requests_total', { endpoint: 'responses', status: '200', stream: 'true' }), before + 1)
    assert.ok((metricValue(metrics, 'switchyard_tokens_total', { route: 'pass', type: 'completion' }) ?? 0) > 0)

    const kept = await gw.client.responses.retrieve(final.id)
    assert.equal(kept.id, final.id)
    assert.equal(kept.output_text, '2+2 = 4')
    const items = await gw.client.responses.inputItems.list(final.id)
    assert.deepEqual(items.data.map((i) => (i as { content: { text: string }[] }).content[0]!.text), ['What is 2+2?'])
    await gw.client.responses.delete(final.id)
    await assert.rejects(gw.client.responses.retrieve(final.id), (err: { status?: number }) => err.status === 404)
  })

  it('runs a function-tool loop: the call with both ids, then its output by call_id', async () => {
    const tools = [{ type: 'function' as const, name: 'simple_tool', description: 'A tool', parameters: { type: 'object', properties: { number: { type: 'string' } } }, strict: false }]
    const first = await gw.client.responses.stream({ model: 'pass', input: 'Call simple_tool with 5', tools }).finalResponse()
    const call = first.output.find((o) => o.type === 'function_call')
    assert.ok(call !== undefined && call.type === 'function_call')
    assert.match(call.id ?? '', /^fc_/)
    assert.match(call.call_id, /^call_/)
    const second = await gw.client.responses.create({
      model: 'pass',
      stream: false,
      tools,
      input: [{ role: 'user', content: 'Call simple_tool with 5' }, call, { type: 'function_call_output', call_id: call.call_id, output: '5' }],
    })
    assert.ok(second.output_text.length > 0)
    const sent = upstream.received.at(-1)!.json() as { input: { type?: string; call_id?: string }[] }
    assert.equal(sent.input.at(-1)?.call_id, call.call_id)
  })

  it('continues a response for an upstream that keeps no state: the stored conversation goes up, the reference does not', async () => {
    const first = await gw.client.responses.create({ model: 'pass', input: 'What is 2+2?' })
    await gw.client.responses.create({ model: 'pass', input: 'And 3+3?', previous_response_id: first.id })
    const sent = upstream.received.at(-1)!
    const body = sent.json() as { previous_response_id?: string; input: { role?: string; type?: string }[] }
    assert.equal(body.previous_response_id, undefined)
    assert.deepEqual(body.input.map((i) => i.role ?? i.type), ['user', 'assistant', 'user'])
    assert.match(sent.body, /\{"type":"message","role":"user","content":"And 3\+3\?"\}\]/, "the client's string input keeps its bytes")
  })

  it('forwards the continuation to the upstream that made the response when it keeps state (responses_store)', async () => {
    const first = await gw.client.responses.create({ model: 'kept', input: 'What is 2+2?' })
    const next = '{"model":"kept","input":"And 3+3?","previous_response_id":"' + first.id + '"}'
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: JSON_CT, body: next })
    assert.equal(res.status, 200)
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/keeper/v1/responses')
    assert.equal(sent.body, next.replace('"model":"kept"', '"model":"gpt-5-mini"'))
  })

  it('an upstream failure before any content is an error answer, not a stream', async () => {
    upstream.setResponder(() => ({ headers: SSE, body: fixtureBytes(DIR, 'responses-stream-error-failed.DERIVED.sse') }))
    try {
      await assert.rejects(gw.client.responses.stream({ model: 'pass', input: 'hi' }).finalResponse(), (err: { status?: number; message?: string }) => err.status === 502 && /quota/.test(err.message ?? ''))
    } finally {
      upstream.setResponder(answer)
    }
  })

  it('passes hosted tools through to an upstream that runs them', async () => {
    await gw.client.responses.create({ model: 'pass', input: 'news?', tools: [{ type: 'web_search' }] })
    const body = upstream.received.at(-1)!.json() as { tools: { type: string }[] }
    assert.deepEqual(body.tools, [{ type: 'web_search' }])
  })
})
