/**
 * The capability matrix at routing time: a request that needs tools, images, a JSON schema,
 * streaming, embeddings or a large context goes only to deployments that have it, and gets a
 * 400 naming the capability and the model when none has. GET /v1/models/{id} shows the
 * capabilities with routes.yaml's overrides applied.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }
const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }

describe('capability matrix', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream((req) => ({
      body: fixtureBytes('openai', req.path.endsWith('/embeddings') ? 'embeddings-response-float.json' : 'chat-response-basic.json'),
      headers: { 'content-type': 'application/json' },
    }))
    gw = await startInProcessGateway(`
providers:
  a: { kind: openai, base_url: ${upstream.url}/a/v1, api_key: ka }
  b: { kind: openai, base_url: ${upstream.url}/b/v1, api_key: kb }
  strict: { kind: openai, base_url: ${upstream.url}/s/v1, api_key: ks, capabilities: { json_schema: false }, models: [gpt-4o] }
models:
  mixed:
    strategy: ordered
    deployments:
      - target: a/gpt-4o
        capabilities: { tools: false }
      - target: b/gpt-4o
  text-only: b/llama-3.1-8b-instant
  no-schema: strict/gpt-4o
  no-stream:
    deployments:
      - target: b/gpt-4o
        capabilities: { streaming: false }
  tiny:
    deployments:
      - target: b/gpt-4o
        capabilities: { context_window: 100 }
  custom: b/my-finetune
  router: b/anthropic/claude-sonnet-4
  vllm-embed: b/Qwen/Qwen3-8B
  declared-text:
    deployments:
      - target: b/my-finetune
        capabilities: { vision: false }
  tools-fallback:
    deployments:
      - target: a/gpt-4o
        capabilities: { tools: false }
    fallbacks: [text-only-tools-off, mixed]
  text-only-tools-off:
    deployments:
      - target: a/gpt-4o-mini
        capabilities: { tools: false }
  long-answer:
    strategy: ordered
    deployments:
      - target: a/gpt-4o
      - target: b/gpt-4.1
`)
  })
  after(async () => {
    await gw.close()
    await upstream.close()
  })

  const refused = async (call: () => Promise<unknown>): Promise<APIError> => {
    const before = upstream.received.length
    const err = await call().then(
      () => assert.fail('expected a 400'),
      (e: unknown) => e,
    )
    assert.ok(err instanceof APIError, String(err))
    assert.equal(err.status, 400)
    assert.equal(upstream.received.length, before, 'no upstream was called')
    return err
  }

  it('a request with tools skips the deployment without tools; one without tools takes it', async () => {
    await gw.client.chat.completions.create({ model: 'mixed', messages: [{ role: 'user', content: 'hi' }], tools: [weather] })
    assert.equal(upstream.received.at(-1)!.path, '/b/v1/chat/completions')
    await gw.client.chat.completions.create({ model: 'mixed', messages: [{ role: 'user', content: 'hi' }] })
    assert.equal(upstream.received.at(-1)!.path, '/a/v1/chat/completions')
  })

  it('an image for a vision model reaches the upstream unchanged (the recorded answer comes back)', async () => {
    const answer = await gw.client.chat.completions.create({ model: 'mixed', messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, image] }] })
    assert.ok((answer.choices[0]!.message.content ?? '').length > 0)
    assert.deepEqual((upstream.received.at(-1)!.json() as { messages: { content: unknown[] }[] }).messages[0]!.content[1], image)
  })

  it('an image for a text-only model: 400 naming vision and the model', async () => {
    const err = await refused(() => gw.client.chat.completions.create({ model: 'text-only', messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, image] }] }))
    assert.equal(err.code, 'unsupported_capability')
    assert.equal(err.param, 'messages')
    assert.match(err.message, /'text-only' does not support vision/)
    assert.match(err.message, /b\/llama-3\.1-8b-instant/)
  })

  it('json_schema switched off for a provider: 400 naming json_schema', async () => {
    const err = await refused(() =>
      gw.client.chat.completions.create({
        model: 'no-schema',
        messages: [{ role: 'user', content: 'x' }],
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
      }),
    )
    assert.equal(err.param, 'response_format')
    assert.match(err.message, /does not support json_schema/)
    // json_object is not a schema: still served.
    await gw.client.chat.completions.create({ model: 'no-schema', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' } })
    assert.equal(upstream.received.at(-1)!.path, '/s/v1/chat/completions')
  })

  it('streaming switched off for a deployment: 400 naming streaming', async () => {
    const err = await refused(() => gw.client.chat.completions.create({ model: 'no-stream', messages: [{ role: 'user', content: 'x' }], stream: true }))
    assert.equal(err.param, 'stream')
    assert.match(err.message, /'no-stream' does not support streaming/)
  })

  it('embeddings from a chat model: 400 naming embeddings', async () => {
    const err = await refused(() => gw.client.embeddings.create({ model: 'mixed', input: 'x' }))
    assert.equal(err.code, 'unsupported_capability')
    assert.match(err.message, /'mixed' does not support embeddings/)
  })

  it('a prompt clearly over the context window: 400 context_length_exceeded; a short one passes', async () => {
    const err = await refused(() => gw.client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'word '.repeat(400) }] }))
    assert.equal(err.code, 'context_length_exceeded')
    assert.match(err.message, /'tiny'/)
    await gw.client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'word '.repeat(20) }] })
  })

  it('an image for a model the matrix cannot place (custom name, OpenRouter id) reaches the upstream, which decides', async () => {
    for (const model of ['custom', 'router']) {
      const before = upstream.received.length
      await gw.client.chat.completions.create({ model, messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, image] }] })
      assert.equal(upstream.received.length, before + 1, model)
      assert.deepEqual((upstream.received.at(-1)!.json() as { messages: { content: unknown[] }[] }).messages[0]!.content[1], image)
    }
  })

  it('a known no stays a 400: routes.yaml says the custom model reads no images', async () => {
    const err = await refused(() => gw.client.chat.completions.create({ model: 'declared-text', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, image] }] }))
    assert.equal(err.code, 'unsupported_capability')
  })

  it('embeddings to an openai-kind model under any name (vLLM, llama.cpp) reach the upstream', async () => {
    const answer = await gw.client.embeddings.create({ model: 'vllm-embed', input: 'hello' })
    assert.ok(answer.data[0]!.embedding.length > 0)
    assert.equal(upstream.received.at(-1)!.path, '/b/v1/embeddings')
    assert.equal((upstream.received.at(-1)!.json() as { model: string }).model, 'Qwen/Qwen3-8B')
  })

  it('fallback routes are capability-filtered: one without tools is skipped, the next with tools answers', async () => {
    // tools-fallback itself has no deployment with tools, so the 400 is not raised while a fallback can serve.
    await gw.client.chat.completions.create({ model: 'tools-fallback', messages: [{ role: 'user', content: 'hi' }], tools: [weather] }).catch(() => undefined)
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/b/v1/chat/completions')
    assert.ok(!upstream.received.some((r) => (r.json() as { model?: string }).model === 'gpt-4o-mini'), 'the fallback without tools got nothing')
  })

  it("max_tokens above a deployment's known output limit skips it for one that can give the whole answer", async () => {
    // gpt-4o gives at most 16,384 tokens, gpt-4.1 32,768: ordered would pick gpt-4o first.
    await gw.client.chat.completions.create({ model: 'long-answer', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20_000 })
    assert.equal((upstream.received.at(-1)!.json() as { model: string }).model, 'gpt-4.1')
    await gw.client.chat.completions.create({ model: 'long-answer', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1000 })
    assert.equal((upstream.received.at(-1)!.json() as { model: string }).model, 'gpt-4o')
  })

  it('GET /v1/models shows unknown as null', async () => {
    const custom = (await (await gw.fetch('/v1/models/custom')).json()) as { switchyard: { capabilities: Record<string, unknown> } }
    assert.equal(custom.switchyard.capabilities.vision, null)
    assert.equal(custom.switchyard.capabilities.embeddings, null)
    assert.equal(custom.switchyard.capabilities.tools, true)
    assert.equal(custom.switchyard.capabilities.context_window, null)
  })

  it('GET /v1/models/{id} shows the capabilities, overrides applied, per deployment and for the alias', async () => {
    const mixed = (await (await gw.fetch('/v1/models/mixed')).json()) as {
      switchyard: { capabilities: Record<string, unknown>; deployments: { target: string; capabilities: Record<string, unknown> }[] }
    }
    assert.deepEqual(
      mixed.switchyard.deployments.map((d) => [d.target, d.capabilities.tools]),
      [
        ['a/gpt-4o', false],
        ['b/gpt-4o', true],
      ],
    )
    assert.deepEqual(mixed.switchyard.capabilities, { streaming: true, tools: true, vision: true, json_schema: true, embeddings: false, context_window: 128000, max_output_tokens: 16384 })
    const strict = (await (await gw.fetch('/v1/models/strict/gpt-4o')).json()) as { switchyard: { capabilities: Record<string, unknown> } }
    assert.equal(strict.switchyard.capabilities.json_schema, false)
    const tiny = (await (await gw.fetch('/v1/models/tiny')).json()) as { switchyard: { capabilities: Record<string, unknown> } }
    assert.equal(tiny.switchyard.capabilities.context_window, 100)
  })
})
