/**
 * tool_validation against recorded upstream answers (../shared/fixtures), through a real gateway
 * on a socket with the official SDKs as clients: the bytes are real OpenAI and Anthropic
 * answers, split the way each provider splits its stream; the client's declared schema is what
 * makes a recorded call valid or not.
 *
 * Covered: OpenAI chat passthrough (JSON and stream) valid → the bytes as recorded with a
 * `valid` header; breaking the client's enum → 502 naming the tool, the value path and the schema
 * path; retry → the second request is translated with the model's call and a tool result naming
 * the failure, and its valid answer reaches the client. Anthropic translated for a chat client,
 * streamed with text before the call: the text streams at once, the held call ends the stream
 * with one invalid_tool_call error event. Anthropic Messages passthrough, JSON: the error in
 * Anthropic's shape through @anthropic-ai/sdk.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import Anthropic from '@anthropic-ai/sdk'
import { rejected } from '../helpers/rejected.js'
import type { ChatCompletionTool } from 'openai/resources/chat/completions'
import { fixtureJson, fixtureText } from '../helpers/fixtures.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'

const JSON_CT = { 'content-type': 'application/json' }
const SSE_CT = { 'content-type': 'text/event-stream' }

/** The recorded request's own tool, optionally with `state` narrowed to an enum the recorded answer ("CA") breaks. */
function weatherTool(states?: string[]): ChatCompletionTool {
  const state = states === undefined ? { type: 'string' } : { type: 'string', enum: states }
  return {
    type: 'function',
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, state }, required: ['city', 'state'], additionalProperties: false } },
  }
}

function openAIRecorded(req: ReceivedRequest): ReplayAnswer {
  const body = req.json()
  const stream = typeof body === 'object' && body !== null && 'stream' in body && body.stream === true
  return stream ? { headers: SSE_CT, body: fixtureText('openai', 'chat-stream-tool-call.sse'), split: 'frames' } : { headers: JSON_CT, body: fixtureText('openai', 'chat-response-tool-call.json') }
}

/** The recorded JSON answer with its arguments replaced (the model's second try). */
function openAIAnswering(args: string): ReplayAnswer {
  const recorded = fixtureJson<{ choices: { message: { tool_calls: { function: { arguments: string } }[] } }[] }>('openai', 'chat-response-tool-call.json')
  recorded.choices[0]!.message.tool_calls[0]!.function.arguments = args
  return { headers: JSON_CT, body: JSON.stringify(recorded) }
}

describe('tool_validation over recorded upstream answers', () => {
  let openai: ReplayUpstream
  let anthropic: ReplayUpstream
  let gw: TestGateway

  before(async () => {
    openai = await startReplayUpstream(openAIRecorded)
    anthropic = await startReplayUpstream(() => ({ headers: SSE_CT, body: fixtureText('anthropic', 'messages-stream-tool-use.sse'), split: 'frames' }))
    gw = await startTestGateway(`
providers:
  oai: { kind: openai, base_url: ${openai.url}/v1, api_key: sk-test, models: [gpt-4o] }
  claude: { kind: anthropic, base_url: ${anthropic.url}, api_key: sk-ant-test, models: [claude-sonnet-4-20250514] }
models:
  gpt: { deployments: [{ target: oai/gpt-4o }], tool_validation: reject }
  gpt-mended: { deployments: [{ target: oai/gpt-4o }], tool_validation: retry }
  sonnet: { deployments: [{ target: claude/claude-sonnet-4-20250514 }], tool_validation: reject }
`)
  })
  after(async () => {
    await gw.close()
    await openai.close()
    await anthropic.close()
  })

  const ask = (model: string, tool: ChatCompletionTool) => ({ model, messages: [{ role: 'user' as const, content: "What's the weather like in SF?" }], tools: [tool] })

  it('passthrough, JSON: a recorded call that matches the schema goes out byte for byte, marked valid', async () => {
    const { data, response } = await gw.client.chat.completions.create(ask('gpt', weatherTool())).withResponse()
    assert.equal(response.headers.get('x-switchyard-tool-validation'), 'valid')
    assert.equal(data.id, 'chatcmpl-ABfvzdvCI6RaIkiEFNjqGXCSYnlzf')
  })

  for (const stream of [false, true]) {
    it(`passthrough (${stream ? 'streamed' : 'JSON'}): a recorded call outside the client's enum is a 502 naming the tool and both paths`, async () => {
      const err = await rejected(
        gw.client.chat.completions.create({ ...ask('gpt', weatherTool(['NY', 'NJ'])), stream }).then(async (r) => {
          if (Symbol.asyncIterator in r) for await (const _ of r) void _
        }),
      )
      assert.equal(err.status, 502)
      assert.equal(err.code, 'invalid_tool_call')
      assert.match(err.message, /the arguments of 'get_weather' at '\/state' must be one of \["NY","NJ"\].*\(schema path #\/properties\/state\/enum\)/)
    })
  }

  it('retry over passthrough: asked again (translated) with the call and what was wrong; the valid second answer reaches the client', async () => {
    const start = openai.received.length
    openai.setResponder((req) => (openai.received.length - start === 1 ? openAIRecorded(req) : openAIAnswering('{"city":"New York","state":"NY"}')))
    try {
      const { data, response } = await gw.client.chat.completions.create(ask('gpt-mended', weatherTool(['NY', 'NJ']))).withResponse()
      const call = data.choices[0]!.message.tool_calls![0]!
      assert.equal(call.type === 'function' && call.function.arguments, '{"city":"New York","state":"NY"}')
      assert.equal(response.headers.get('x-switchyard-tool-validation'), 'valid')
      const second = openai.received[start + 1]!.json()
      assert.ok(typeof second === 'object' && second !== null && 'messages' in second && Array.isArray(second.messages))
      const [, assistant, tool] = second.messages as { role: string; content: unknown; tool_calls?: { function: { arguments: string } }[] }[]
      assert.equal(assistant!.role, 'assistant')
      assert.equal(assistant!.tool_calls?.[0]?.function.arguments, '{"city":"San Francisco","state":"CA"}')
      assert.equal(tool!.role, 'tool')
      assert.match(String(tool!.content), /at '\/state' must be one of \["NY","NJ"\]/)
      // Both tries are accounted (the recorded usage is 48 prompt and 19 completion tokens each).
      const metrics = await gw.metricsText()
      assert.match(metrics, /switchyard_tokens_total\{route="gpt-mended",provider="oai",model="gpt-4o",type="prompt"\} 96\b/)
      assert.match(metrics, /switchyard_tokens_total\{route="gpt-mended",provider="oai",model="gpt-4o",type="completion"\} 38\b/)
    } finally {
      openai.setResponder(openAIRecorded)
    }
  })

  it('translated Anthropic stream: text before the call streams at once, the undeclared call ends it with one error event', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sonnet', stream: true, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }] }),
    })
    assert.equal(res.status, 200)
    const text = await res.text()
    const textAt = text.indexOf("'ll check the current weather in Paris for you.")
    const errorAt = text.indexOf('"code":"invalid_tool_call"')
    assert.ok(textAt > 0 && errorAt > textAt, text)
    assert.match(text, /unknown_tool: 'get_weather' is not a declared function \(declared: lookup\)/)
    assert.doesNotMatch(text, /"name":"get_weather"/, 'the held call never reached the client')
  })

  it('Messages passthrough, streamed: the text goes out at once, the held call ends the stream with an Anthropic error event', async () => {
    // The text and the call in two reads (one read is relayed as one piece): cut before the tool_use block.
    const recordedStream = fixtureText('anthropic', 'messages-stream-tool-use.sse')
    const cut = Buffer.byteLength(recordedStream.slice(0, recordedStream.indexOf('event: content_block_start\ndata: {"type":"content_block_start","index":1')))
    anthropic.setResponder(() => ({ headers: SSE_CT, body: recordedStream, split: [cut], delayMs: 300 }))
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'client-key', maxRetries: 0 })
    const stream = await client.messages.create({ model: 'sonnet', max_tokens: 200, stream: true, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string', maxLength: 3 } } } }] })
    let text = ''
    let toolStarted = false
    await assert.rejects(async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text
        if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') toolStarted = true
      }
    }, (err: unknown) => err instanceof Error && /the arguments of 'get_weather' at '\/location' must NOT have more than 3 characters/.test(err.message))
    assert.equal(text, "I'll check the current weather in Paris for you.")
    assert.equal(toolStarted, false, 'the held call never reached the client')
  })

  it('json_object on an Anthropic route: a forced tool upstream, JSON content to the client, checked valid', async () => {
    anthropic.setResponder(() => ({ headers: JSON_CT, body: fixtureText('anthropic', 'messages-response-tool-use.json') }))
    const start = anthropic.received.length
    const { data, response } = await gw.client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'Weather in four cities, as JSON' }], response_format: { type: 'json_object' } }).withResponse()
    assert.equal(response.headers.get('x-switchyard-tool-validation'), 'valid')
    assert.equal(data.choices[0]!.finish_reason, 'stop')
    const content: unknown = JSON.parse(data.choices[0]!.message.content ?? '')
    assert.ok(typeof content === 'object' && content !== null && 'elements' in content)
    const sent = anthropic.received[start]!.json()
    assert.ok(typeof sent === 'object' && sent !== null && 'tool_choice' in sent)
    assert.deepEqual(sent.tool_choice, { type: 'tool', name: 'json' })
  })

  it('Messages passthrough, JSON: the error in Anthropic\'s shape, through the Anthropic SDK', async () => {
    anthropic.setResponder(() => ({ headers: JSON_CT, body: fixtureText('anthropic', 'messages-response-tool-use.json') }))
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'client-key', maxRetries: 0 })
    const freezing = { type: 'object' as const, properties: { elements: { type: 'array', items: { type: 'object', properties: { temperature: { type: 'number', maximum: 0 } } } } }, required: ['elements'] }
    try {
      await client.messages.create({ model: 'sonnet', max_tokens: 200, messages: [{ role: 'user', content: 'Weather?' }], tools: [{ name: 'json', input_schema: freezing }] })
      assert.fail('the request succeeded')
    } catch (err) {
      assert.ok(err instanceof Anthropic.APIError, String(err))
      assert.equal(err.status, 502)
      assert.match(err.message, /the arguments of 'json' at '\/elements\/2\/temperature' must be <= 0/)
      assert.match(JSON.stringify(err.error), /"type":"error"/)
    }
  })
})
