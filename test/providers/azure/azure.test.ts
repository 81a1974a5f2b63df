import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatRequest, JsonObject } from '../../../src/canonical/chat.js'
import { azureAdapter } from '../../../src/providers/azure/index.js'
import { fixtureBytes, fixtureJson } from '../../helpers/fixtures.js'
import { makeCtx, streamEvents } from '../openai/helpers.js'
import { readHttpFixture } from '../openai/http-fixture.js'
import { chatPassthroughBody } from '../../../src/frontdoors/openai-chat/passthrough-body.js'
import type { CallContext, WireProtocol } from '../../../src/providers/types.js'

const KEY = '00000000000000000000000000000000'
const ctx = makeCtx(
  { name: 'azure-eu', kind: 'azure', baseUrl: 'https://my-resource.openai.azure.com/openai', apiKey: KEY, options: { api_version: '2024-10-21' } },
  'my-gpt-deployment',
)
const enc = new TextEncoder()

function chatRequest(raw: JsonObject): ChatRequest {
  return { model: 'my-gpt-deployment', messages: [], stream: raw.stream === true, includeUsage: true, params: {} }
}

/** The chat front door's passthrough of a client body to Azure. */
function passthrough(raw: JsonObject, c: CallContext = ctx, protocol: WireProtocol = 'openai-chat') {
  const pass = azureAdapter.passthrough
  assert.ok(pass !== undefined)
  const stream = raw.stream === true
  return pass.request({ protocol, body: (model) => chatPassthroughBody(raw, model, stream), headers: {}, stream }, c)
}

describe('azure passthrough', () => {
  it('matches the recorded request: deployment URL with api-version, api-key header, body without model', () => {
    const http = readHttpFixture('azure', 'chat-request.http')
    const [method, path] = http.startLine.split(' ')
    const client = { ...fixtureJson<JsonObject>('azure', 'chat-request.json'), model: 'chat' } // the client names the route alias
    const req = passthrough(client)
    assert.equal(req.method, method)
    assert.equal(req.url, `https://${http.headers.get('host')}${path}`)
    assert.deepEqual(req.headers, { 'content-type': http.headers.get('content-type'), 'api-key': http.headers.get('api-key') })
    assert.equal(req.body, http.body)
    assert.equal(req.framing, 'sse')
  })

  // api_version is required by the config (test/config/errors.test.ts), so it is always there.
  it('bare resource URLs get /openai, deployment names are escaped, api_version is sent', async () => {
    const bare = makeCtx({ kind: 'azure', baseUrl: 'https://res.openai.azure.com', options: { api_version: '2024-10-21' } }, 'gpt 4o')
    const req = passthrough({ messages: [] }, bare)
    assert.equal(req.url, 'https://res.openai.azure.com/openai/deployments/gpt%204o/chat/completions?api-version=2024-10-21')
    const preview = makeCtx({ kind: 'azure', baseUrl: 'https://res.openai.azure.com/openai', options: { api_version: '2025-04-01-preview' } })
    assert.match(passthrough({ messages: [] }, preview).url, /\?api-version=2025-04-01-preview$/)
    // A request translated from another front door goes to the same place.
    assert.match((await azureAdapter.buildRequest(chatRequest({ messages: [] }), preview)).url, /\/deployments\/my-gpt-deployment\/chat\/completions\?api-version=2025-04-01-preview$/)
  })

  it('no key configured (Entra ID via headers): no api-key header', () => {
    const entra = makeCtx({ kind: 'azure', apiKey: undefined, headers: { Authorization: 'Bearer eyJ0' }, options: { api_version: '2024-10-21' } })
    const req = passthrough({ messages: [] }, entra)
    assert.deepEqual(req.headers, { 'content-type': 'application/json', authorization: 'Bearer eyJ0' })
  })

  it('embeddings go to the deployment’s embeddings operation, the client’s body without model', async () => {
    const raw = fixtureJson<JsonObject>('openai', 'embeddings-request-float.json')
    const up = passthrough(raw, makeCtx({ ...ctx.provider }, 'embed-deploy'), 'openai-embeddings')
    assert.equal(up.url, 'https://my-resource.openai.azure.com/openai/deployments/embed-deploy/embeddings?api-version=2024-10-21')
    assert.equal(up.headers['api-key'], KEY)
    const expected: JsonObject = { ...raw }
    delete expected.model
    assert.equal(up.body, JSON.stringify(expected))
    // Translated (the canonical request): the same operation, no model in the body.
    const emb = azureAdapter.embeddings
    assert.ok(emb)
    const translated = await emb.buildEmbeddingsRequest({ model: 'embed-deploy', input: ['a'], single: false, encodingFormat: 'float' }, ctx)
    assert.equal(translated.url, up.url)
    assert.deepEqual(JSON.parse(String(translated.body)), { input: ['a'], encoding_format: 'float' })
  })
})

describe('azure parseStream', () => {
  it('recorded stream: the prompt-filter chunk gives neither metadata nor usage', async () => {
    const whole = await streamEvents(azureAdapter, [fixtureBytes('azure', 'chat-stream-prompt-filter-results.sse')], ctx)
    assert.deepEqual(whole, [
      { type: 'start', id: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt', upstreamModel: 'gpt-5-nano-2025-08-07' },
      { type: 'text', delta: 'Capital' },
      { type: 'text', delta: ' of' },
      { type: 'text', delta: ' Denmark' },
      { type: 'text', delta: '.' },
      { type: 'usage', usage: { promptTokens: 15, completionTokens: 78, totalTokens: 93, cachedPromptTokens: 0, reasoningTokens: 64 } },
      { type: 'finish', reason: 'stop', raw: 'stop' },
    ])
  })

  it('finish_reason content_filter maps to content_filter', async () => {
    const chunk = (delta: string, finish: string | null) =>
      `data: {"choices":[{"content_filter_results":{"hate":{"filtered":true,"severity":"high"}},"delta":${delta},"finish_reason":${finish === null ? 'null' : `"${finish}"`},"index":0}],"created":1,"id":"chatcmpl-x","model":"gpt-4o","object":"chat.completion.chunk"}\n\n`
    const events = await streamEvents(azureAdapter, [enc.encode(chunk('{"content":"Some"}', null) + chunk('{}', 'content_filter') + 'data: [DONE]\n\n')], ctx)
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'content_filter', raw: 'content_filter' })
  })

  it('a mid-stream content-filter error uses the azure mapping', async () => {
    const body = fixtureJson<JsonObject>('azure', 'error-400-content-filter.json')
    const events = await streamEvents(azureAdapter, [enc.encode(`data: ${JSON.stringify(body)}\n\n`)], ctx)
    assert.ok(events.length === 1 && events[0].type === 'error' && events[0].error.kind === 'content_filter')
  })
})

describe('azure parseResponse', () => {
  it('content-filter annotations are ignored; usage as reported', () => {
    const r = azureAdapter.parseResponse(fixtureJson('azure', 'chat-response-content-filter-annotations.json'), ctx)
    assert.deepEqual(r, {
      id: 'chatcmpl-8IMI4HzcmcK6I77vpOJCPt0Vcf8zJ',
      upstreamModel: 'gpt-35-turbo-instruct',
      text: 'Example model response will be returned ',
      toolCalls: [],
      finish: 'stop',
      rawFinish: 'stop',
      usage: { promptTokens: 11, completionTokens: 40, totalTokens: 417 },
    })
  })
})

describe('azure parseError', () => {
  it('400 content_filter (ResponsibleAIPolicyViolation) → content_filter', () => {
    const e = azureAdapter.parseError(400, fixtureJson('azure', 'error-400-content-filter.json'), new Headers(), ctx)
    assert.equal(e.kind, 'content_filter')
    assert.equal(e.status, 400)
    assert.equal(e.code, 'content_filter')
    assert.equal(e.detail.param, 'prompt')
    assert.match(e.message, /^azure-eu: The response was filtered due to the prompt triggering Azure Content management policy/)
  })

  it('429 with retry-after-ms / retry-after and Azure’s numeric-string code', () => {
    const body = { error: { code: '429', message: 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current tier. Please retry after 6 seconds.' } }
    assert.equal(azureAdapter.parseError(429, body, new Headers({ 'retry-after-ms': '5500', 'retry-after': '6' }), ctx).detail.retryAfterSeconds, 5.5)
    assert.equal(azureAdapter.parseError(429, body, new Headers({ 'retry-after': '6' }), ctx).detail.retryAfterSeconds, 6)
    const hinted = azureAdapter.parseError(429, body, new Headers(), ctx)
    assert.equal(hinted.kind, 'rate_limited')
    assert.equal(hinted.detail.retryAfterSeconds, 6)
  })

  it('DeploymentNotFound → not_found; 401 → upstream_error without the key', () => {
    const nf = azureAdapter.parseError(404, { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } }, new Headers(), ctx)
    assert.equal(nf.kind, 'not_found')
    const auth = azureAdapter.parseError(401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } }, new Headers(), ctx)
    assert.equal(auth.kind, 'upstream_error')
    assert.equal(auth.status, 502)
    assert.match(auth.message, /azure-eu/)
  })
})

describe('azure adapter shape', () => {
  it('speaks OpenAI chat and embeddings natively, but has no completions endpoint', () => {
    const pass = azureAdapter.passthrough
    assert.ok(pass !== undefined)
    assert.equal(pass.speaks('openai-chat', ctx.provider), true)
    assert.equal(pass.speaks('openai-embeddings', ctx.provider), true)
    assert.equal(pass.speaks('openai-completions', ctx.provider), false)
    assert.equal(azureAdapter.kind, 'azure')
  })
})
