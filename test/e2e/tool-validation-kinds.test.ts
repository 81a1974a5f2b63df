/**
 * tool_validation over each kind's recorded tool-call answer (../shared/fixtures), JSON and
 * streamed, framed the way each provider frames them (Gemini SSE with whole `args` objects,
 * Ollama NDJSON with argument objects, the Responses API's argument deltas relayed by
 * passthrough): a route with `reject`, and a declared schema the recorded call breaks, gets the
 * named 502 before anything reached the client; the same call under a schema it meets goes out.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { fixtureText } from '../helpers/fixtures.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'

const JSON_CT = { 'content-type': 'application/json' }

function streamed(req: ReceivedRequest): boolean {
  const body = req.json()
  return req.path.includes('streamGenerateContent') || (typeof body === 'object' && body !== null && 'stream' in body && body.stream === true)
}

/** One recorded answer per kind and mode, chosen by the request's path and body. */
function recorded(req: ReceivedRequest): ReplayAnswer {
  const stream = streamed(req)
  if (req.path.startsWith('/gemini')) {
    return stream ? { headers: { 'content-type': 'text/event-stream' }, body: fixtureText('gemini', 'stream-generate-content-function-call.sse'), split: 'frames' } : { headers: JSON_CT, body: fixtureText('gemini', 'generate-content-response-function-call.json') }
  }
  if (req.path.startsWith('/ollama')) {
    return stream ? { headers: { 'content-type': 'application/x-ndjson' }, body: fixtureText('ollama', 'chat-stream-tools.ndjson'), split: 'lines' } : { headers: JSON_CT, body: fixtureText('ollama', 'chat-response-tools.json') }
  }
  return stream ? { headers: { 'content-type': 'text/event-stream' }, body: fixtureText('openai-responses', 'responses-stream-function-call.sse'), split: 'frames' } : { headers: JSON_CT, body: fixtureText('openai-responses', 'responses-nonstream-function-call.json') }
}

const tool = (name: string, property: string, schema: Record<string, unknown>) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: { [property]: schema }, required: [property] } } })

async function failure(promise: Promise<unknown>): Promise<APIError> {
  try {
    const result = await promise
    if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result) for await (const _ of result as AsyncIterable<unknown>) void _
  } catch (err) {
    if (err instanceof APIError) return err
    throw err
  }
  assert.fail('the request succeeded')
}

describe('tool_validation over each kind\'s recorded calls', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway

  before(async () => {
    upstream = await startReplayUpstream(recorded)
    gw = await startTestGateway(`
providers:
  google: { kind: gemini, base_url: ${upstream.url}/gemini/v1beta, api_key: g-key, models: [gemini-2.5-flash] }
  local: { kind: ollama, base_url: ${upstream.url}/ollama, models: [llama3.2] }
  oa: { kind: openai, base_url: ${upstream.url}/oa/v1, api_key: sk-up, responses_api: true, models: [gpt-4o] }
models:
  gem: { deployments: [{ target: google/gemini-2.5-flash }], tool_validation: reject }
  llama: { deployments: [{ target: local/llama3.2 }], tool_validation: reject }
  oa-responses: { deployments: [{ target: oa/gpt-4o }], tool_validation: reject }
`)
  })
  after(async () => {
    await gw.close()
    await upstream.close()
  })

  const cases = [
    { kind: 'gemini', model: 'gem', name: 'weather', property: 'location', recorded: 'San Francisco' },
    { kind: 'ollama', model: 'llama', name: 'get_weather', property: 'city', recorded: 'Tokyo' },
  ]
  for (const c of cases) {
    for (const stream of [false, true]) {
      it(`${c.kind} (${stream ? 'streamed' : 'JSON'}): the recorded call against a schema it breaks, then one it meets`, async () => {
        const ask = (schema: Record<string, unknown>) => gw.client.chat.completions.create({ model: c.model, stream, messages: [{ role: 'user', content: 'Weather?' }], tools: [tool(c.name, c.property, schema)] })
        const err = await failure(ask({ type: 'string', enum: ['Paris'] }))
        assert.equal(err.status, 502)
        assert.equal(err.code, 'invalid_tool_call')
        assert.match(err.message, new RegExp(`the arguments of '${c.name}' at '/${c.property}' must be one of \\["Paris"\\]`))
        const ok = await ask({ type: 'string', enum: [c.recorded] })
        if (Symbol.asyncIterator in ok) {
          let args = ''
          for await (const chunk of ok) args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? ''
          assert.deepEqual(JSON.parse(args), { [c.property]: c.recorded })
        } else {
          assert.equal(ok.choices[0]!.message.tool_calls?.[0]?.type, 'function')
        }
      })
    }
  }

  it('Responses passthrough (streamed): argument deltas held, the string "5" where an integer is declared is refused', async () => {
    const err = await failure(
      gw.client.responses.create({ model: 'oa-responses', stream: true, input: 'Call it', tools: [{ type: 'function', name: 'simple_tool', strict: false, parameters: { type: 'object', properties: { number: { type: 'integer' } } } }] }),
    )
    assert.equal(err.status, 502)
    assert.match(err.message, /the arguments of 'simple_tool' at '\/number' must be integer/)
  })

  it('Responses passthrough (JSON): a call to an undeclared function is refused', async () => {
    const err = await failure(gw.client.responses.create({ model: 'oa-responses', input: 'Weather?', tools: [{ type: 'function', name: 'lookup', strict: false, parameters: { type: 'object' } }] }))
    assert.equal(err.status, 502)
    assert.match(err.message, /unknown_tool: 'get_weather' is not a declared function \(declared: lookup\)/)
  })
})
