/**
 * Provider extras inside the standard: `provider_options.<kind>` (sent from the openai SDK as an
 * extra body field) reaches only a deployment of that kind, merged into the upstream body by the
 * provider's own field names; a deployment's `params:` are defaults the request overrides; an
 * unknown option is a 400 naming it, and a bad `params:` an invalid routes.yaml.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { parseConfig, ConfigError } from '../../src/config/load.js'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const JSON_CT = { 'content-type': 'application/json' }
type Json = Record<string, unknown>

function answerFor(req: ReceivedRequest): ReplayAnswer {
  if (req.path === '/v1/messages') return { body: fixtureBytes('anthropic', 'messages-response-text.json'), headers: JSON_CT }
  if (req.path.includes(':generateContent')) return { body: fixtureBytes('gemini', 'generate-content-response-text.json'), headers: JSON_CT }
  if (req.path.includes('/converse')) return { body: fixtureBytes('bedrock', 'converse-response-text.json'), headers: JSON_CT }
  if (req.path === '/v1/responses') return { body: fixtureBytes('openai-responses', 'responses-nonstream-function-call.json'), headers: JSON_CT }
  if (req.path === '/api/chat') return { body: fixtureBytes('ollama', 'chat-response.json'), headers: JSON_CT }
  return { body: fixtureBytes('openai', 'chat-response-basic.json'), headers: JSON_CT }
}

const safety = [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' }]
const everyKind = {
  gemini: { safetySettings: safety, tools: [{ googleSearch: {} }] },
  openai: { service_tier: 'flex' },
  anthropic: { top_k: 3 },
  bedrock: { guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '1' } },
  ollama: { options: { num_ctx: 8192 } },
}

describe('provider options', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(answerFor)
    gw = await startInProcessGateway(`
providers:
  google: { kind: gemini, base_url: ${upstream.url}, api_key: k }
  oai: { kind: openai, base_url: ${upstream.url}/v1, api_key: k }
  oai-responses: { kind: openai, base_url: ${upstream.url}/v1, api_key: k, responses_api: true }
  claude: { kind: anthropic, base_url: ${upstream.url}, api_key: k }
  aws: { kind: bedrock, base_url: ${upstream.url}, region: us-east-1, api_key: k }
  local: { kind: ollama, base_url: ${upstream.url} }
models:
  flash: google/gemini-2.5-flash
  gpt: oai/gpt-4o
  gpt-responses: oai-responses/gpt-4o
  bedrock: aws/anthropic.claude-3-haiku-20240307-v1:0
  llama: local/llama3.2
  sonnet:
    deployments:
      - target: claude/claude-sonnet-4-5
        params: { top_k: 5, metadata: { user_id: team-a } }
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  const ask = (model: string, provider_options: unknown) =>
    gw.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }, { body: { model, messages: [{ role: 'user', content: 'hi' }], provider_options } })
  const lastBody = (): Json => upstream.received.at(-1)!.json() as Json

  it('gemini: safety settings and grounding reach generateContent; the other kinds\' options do not', async () => {
    await ask('flash', everyKind)
    const sent = lastBody()
    assert.deepEqual(sent.safetySettings, safety)
    assert.deepEqual(sent.tools, [{ googleSearch: {} }])
    for (const key of ['service_tier', 'top_k', 'guardrailConfig', 'provider_options']) assert.equal(sent[key], undefined, key)
  })

  it('openai (passthrough): service_tier goes up, provider_options itself does not', async () => {
    await ask('gpt', everyKind)
    const sent = lastBody()
    assert.equal(sent.service_tier, 'flex')
    assert.equal(sent.provider_options, undefined)
    assert.equal(sent.safetySettings, undefined)
  })

  it('bedrock: guardrailConfig on Converse; ollama: options merged', async () => {
    await ask('bedrock', everyKind)
    assert.deepEqual(lastBody().guardrailConfig, { guardrailIdentifier: 'gr-1', guardrailVersion: '1' })
    await ask('llama', everyKind)
    assert.equal((lastBody().options as Json).num_ctx, 8192)
  })

  it("anthropic: a deployment's params are defaults; the request's option wins key by key", async () => {
    await gw.client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'hi' }] })
    assert.equal(lastBody().top_k, 5)
    assert.deepEqual(lastBody().metadata, { user_id: 'team-a' })
    await ask('sonnet', everyKind)
    assert.equal(lastBody().top_k, 3)
    assert.deepEqual(lastBody().metadata, { user_id: 'team-a' })
  })

  it('the Responses API takes provider_options too: merged for its kind on translation and on passthrough', async () => {
    const input = 'hi'
    await gw.client.responses.create({ model: 'flash', input }, { body: { model: 'flash', input, store: false, provider_options: everyKind } })
    assert.deepEqual(lastBody().safetySettings, safety)
    await gw.client.responses.create({ model: 'gpt-responses', input }, { body: { model: 'gpt-responses', input, store: false, provider_options: everyKind } })
    const sent = lastBody()
    assert.equal(upstream.received.at(-1)!.path, '/v1/responses')
    assert.equal(sent.service_tier, 'flex')
    assert.equal(sent.provider_options, undefined)
    const err = await gw.client.responses.create({ model: 'gpt', input }, { body: { model: 'gpt', input, provider_options: { openai: { nope: 1 } } } }).catch((e: unknown) => e)
    assert.ok(err instanceof APIError && err.status === 400, String(err))
    assert.match(err.message, /provider_options\.openai\.nope/)
  })

  it('an unknown option, an unknown kind or a wrong value is a 400 naming it; nothing goes upstream', async () => {
    const before = upstream.received.length
    const cases: [unknown, string][] = [
      [{ gemini: { safetySetting: safety } }, 'provider_options.gemini.safetySetting'],
      [{ vertex: {} }, 'provider_options.vertex'],
      [{ openai: { service_tier: 'fast' } }, 'provider_options.openai.service_tier'],
    ]
    for (const [options, param] of cases) {
      const err = await ask('flash', options).catch((e: unknown) => e)
      assert.ok(err instanceof APIError && err.status === 400, String(err))
      assert.equal(err.param, param)
      assert.ok(err.message.includes(param.split('.').at(-1)!), err.message)
    }
    assert.equal(upstream.received.length, before)
  })

  it('a params: the kind does not take makes routes.yaml invalid, naming the key', () => {
    const yaml = `
providers:
  google: { kind: gemini, api_key: k }
models:
  flash:
    deployments:
      - target: google/gemini-2.5-flash
        params: { top_k: 3 }
`
    assert.throws(() => parseConfig(yaml, 'routes.yaml', {}), (err: unknown) => err instanceof ConfigError && /params.*gemini does not take: 'top_k'/.test(err.message))
  })
})
