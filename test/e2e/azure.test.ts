/**
 * The official openai SDK → the gateway → a fake Azure OpenAI resource on 127.0.0.1 that
 * checks `api-version` and `api-key` as Azure does and replays recorded traffic byte for
 * byte. Azure's chat and embeddings wire format is OpenAI's, so where no Azure recording of
 * a feature exists (tool calls, embeddings) the OpenAI recordings are replayed.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { azureGuard } from '../helpers/provider-guards.js'
import { assertRateObserved, bothAnswers, plainAnswer, streamedAnswer, type Answer } from '../helpers/e2e-answers.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const KEY = '00000000000000000000000000000000'
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' }
const JSON_CT = { 'content-type': 'application/json' }
const ask = (model: string) => ({ model, max_completion_tokens: 200, messages: [{ role: 'system' as const, content: 'You are a helpful assistant.' }, { role: 'user' as const, content: 'What is the capital of Denmark?' }] })

describe('azure openai through the gateway', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: azureGuard(KEY, ['2024-10-21']) })
    gw = await startInProcessGateway(
      `
providers:
  az: { kind: azure, base_url: ${upstream.url}/openai, api_key: '\${AZURE_KEY}', api_version: '2024-10-21' }
  az-old: { kind: azure, base_url: ${upstream.url}/openai, api_key: '\${AZURE_KEY}', api_version: '2022-01-01' }
  az-badkey: { kind: azure, base_url: ${upstream.url}/openai, api_key: wrong-key, api_version: '2024-10-21' }
models:
  # Azure deployment names are the user's: say what the deployment behind one can do.
  gpt:
    deployments:
      - target: az/my-gpt-deployment
        capabilities: { vision: true }
  embed: az/text-embedding-3-small
  old-version: az-old/my-gpt-deployment
  bad-key: az-badkey/my-gpt-deployment
`,
      { AZURE_KEY: KEY },
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('streaming: the prompt-filter chunk is absorbed, text, finish and usage arrive; TTFT and tokens/sec recorded', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('azure', 'chat-stream-prompt-filter-results.sse'), headers: SSE, split: 'frames', delayMs: 20, headersDelayMs: 30 }))
    const chunks: { id: string; model: string; choices: unknown[] }[] = []
    let answer: Answer | undefined
    // Four text chunks 20 ms apart: 80 ms of generation (half that allows for uneven delivery).
    await assertRateObserved(gw, 'gpt', true, 78, 0.04, async () => {
      answer = await streamedAnswer(gw.client, ask('gpt'), (c) => chunks.push(c))
    }, 0.07) // headers after 30 ms; the prompt-filter chunk and the empty role chunk before the first text
    assert.deepEqual(answer, { text: 'Capital of Denmark.', toolCalls: [], finish: 'stop', usage: { prompt: 15, completion: 78 } })
    assert.ok(chunks.every((c) => c.id !== '' && c.model !== ''), 'no chunk with Azure’s empty id/model reaches the client')
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/openai/deployments/my-gpt-deployment/chat/completions?api-version=2024-10-21')
    assert.equal(sent.headers['api-key'], KEY)
    assert.equal(sent.headers.authorization, undefined)
    const body = sent.json() as Record<string, unknown>
    assert.equal(body.model, undefined, 'the deployment in the path picks the model')
    assert.deepEqual(body.stream_options, { include_usage: true })
  })

  it('non-streaming: the documented answer with content-filter annotations', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('azure', 'chat-response-content-filter-annotations.json'), headers: JSON_CT, headersDelayMs: 40 }))
    let answer: Answer | undefined
    await assertRateObserved(gw, 'gpt', false, 40, 0.035, async () => {
      answer = await plainAnswer(gw.client, ask('gpt'))
    })
    assert.deepEqual(answer, { text: 'Example model response will be returned ', toolCalls: [], finish: 'stop', usage: { prompt: 11, completion: 40 } })
  })

  it('tool calls, streamed and not (OpenAI recordings of one exchange), agree on calls and finish', async () => {
    upstream.setResponder((req) =>
      (req.json() as { stream?: boolean }).stream === true
        ? { body: fixtureBytes('openai', 'chat-stream-parallel-tool-calls.sse'), headers: SSE, split: 'frames' }
        : { body: fixtureBytes('openai', 'chat-response-parallel-tool-calls.json'), headers: JSON_CT },
    )
    const tools = fixtureJson<{ tools: { type: 'function'; function: { name: string; parameters: Record<string, unknown> } }[] }>('openai', 'chat-request-parallel-tools.json').tools
    const params = { model: 'gpt', messages: [{ role: 'user' as const, content: 'weather and orders' }], tools }
    const { plain } = await bothAnswers(gw.client, params)
    assert.equal(plain.toolCalls.length, 2)
    assert.equal(plain.finish, 'tool_calls')
    assert.deepEqual((upstream.received.at(-1)!.json() as { tools: unknown[] }).tools, tools)
  })

  it('images and a JSON schema reach Azure in OpenAI’s form; the recorded structured answer comes back', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('openai', 'chat-response-json-schema.json'), headers: JSON_CT }))
    const recorded = fixtureJson<{ choices: { message: { content: string } }[] }>('openai', 'chat-response-json-schema.json')
    const format = { type: 'json_schema' as const, json_schema: { name: 'Location', strict: true, schema: { type: 'object', properties: { city: { type: 'string' } } } } }
    const image = { type: 'image_url' as const, image_url: { url: 'https://example.com/sf.png' } }
    const answer = await plainAnswer(gw.client, { model: 'gpt', messages: [{ role: 'user', content: [{ type: 'text', text: 'Where is this?' }, image] }], response_format: format })
    assert.equal(answer.text, recorded.choices[0]!.message.content)
    const sent = upstream.received.at(-1)!.json() as { messages: { content: unknown[] }[]; response_format: unknown }
    assert.deepEqual(sent.messages[0]!.content[1], image)
    assert.deepEqual(sent.response_format, format)
  })

  it('embeddings at the deployment’s embeddings operation, base64 (the SDK default) and floats', async () => {
    upstream.setResponder((req) => ({ body: fixtureBytes('openai', (req.json() as { encoding_format?: string }).encoding_format === 'base64' ? 'embeddings-response-base64.json' : 'embeddings-response-float.json'), headers: JSON_CT }))
    const floats = fixtureJson<{ data: { embedding: number[] }[] }>('openai', 'embeddings-response-float.json')
    const viaDefault = await gw.client.embeddings.create({ model: 'embed', input: ['sunny day at the beach', 'rainy day in the city'] })
    assert.equal(upstream.received.at(-1)!.path, '/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21')
    viaDefault.data.forEach((d, i) => d.embedding.forEach((x, j) => assert.ok(Math.abs(x - floats.data[i]!.embedding[j]!) < 1e-6)))
    const viaFloat = await gw.client.embeddings.create({ model: 'embed', input: 'sunny day at the beach', encoding_format: 'float' })
    assert.deepEqual(viaFloat.data[0]!.embedding, floats.data[0]!.embedding)
  })

  it('the documented content-filter 400 stays a 400 content_filter; a 429 passes Retry-After on', async () => {
    upstream.setResponder(() => ({ status: 400, body: fixtureBytes('azure', 'error-400-content-filter.json'), headers: JSON_CT }))
    const filtered = await gw.client.chat.completions.create(ask('gpt')).catch((e: unknown) => e)
    assert.ok(filtered instanceof APIError)
    assert.equal(filtered.status, 400)
    assert.equal(filtered.code, 'content_filter')

    upstream.setResponder(() => ({
      status: 429,
      headers: { ...JSON_CT, 'retry-after': '9' },
      body: JSON.stringify({ error: { code: '429', message: 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current pricing tier. Please retry after 9 seconds.' } }),
    }))
    const res = await gw.fetch('/v1/chat/completions', { method: 'POST', headers: JSON_CT, body: JSON.stringify(ask('gpt')) })
    assert.equal(res.status, 429)
    assert.equal(res.headers.get('retry-after'), '9')
  })

  it('checked as Azure does: a wrong api-version is refused; a key Azure rejects is a 502 naming the provider', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('azure', 'chat-response-content-filter-annotations.json'), headers: JSON_CT }))
    const before = upstream.rejected.length
    const old = await gw.client.chat.completions.create(ask('old-version')).catch((e: unknown) => e)
    assert.ok(old instanceof APIError)
    assert.equal(old.status, 400)
    assert.match(old.message, /az-old.*API version not supported/)
    const badKey = await gw.client.chat.completions.create(ask('bad-key')).catch((e: unknown) => e)
    assert.ok(badKey instanceof APIError)
    assert.equal(badKey.status, 502)
    assert.match(badKey.message, /az-badkey/)
    assert.doesNotMatch(badKey.message, /wrong-key/)
    assert.equal(upstream.rejected.length - before, 2, 'both refused by the fake Azure')
  })
})
