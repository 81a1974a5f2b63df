/**
 * Secrets never leave the gateway in an error: for every kind, an upstream that quotes the
 * credentials it was sent (raw, URL-encoded, as `Bearer …` or `key=…`, JSON-escaped) in its
 * error answer gives a GatewayError without them once the executor has it (the attempt loop,
 * over a real socket), and the same holds for errors reported inside a stream once
 * redactUpstreamError (which the executor and a stream's answer apply) has seen them.
 */
import { DEFAULT_UPSTREAM_LIMITS } from '../../src/streaming/upstream-limits.js'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { EventStreamCodec } from '@smithy/eventstream-codec'
import { fromUtf8, toUtf8 } from '@smithy/util-utf8'
import type { ChatEvent, ChatRequest } from '../../src/canonical/chat.js'
import { parseConfig } from '../../src/config/load.js'
import type { ProviderConfig } from '../../src/config/types.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { redact, REDACTED } from '../../src/errors/redact.js'
import { defaultAdapters } from '../../src/providers/registry.js'
import type { CallContext, ProviderKind } from '../../src/providers/types.js'
import type { AttemptTarget } from '../../src/routing/attempt-target.js'
import { providerSecrets } from '../../src/routing/provider-secrets.js'
import { redactUpstreamError, sendChecked } from '../../src/routing/send.js'
import { execute } from '../../src/routing/execute.js'
import { createRoutingRuntime } from '../../src/routing/runtime.js'
import { createMemoryStore } from '../../src/state/memory-store.js'
import { createMetrics } from '../../src/metrics/metrics.js'
import { createLogger } from '../../src/logging/logger.js'
import { decodeFrames } from '../../src/streaming/decode-frames.js'
import type { Framing } from '../../src/streaming/frame.js'
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/client.js'
import { serveLocally, type LocalServer } from '../helpers/local-server.js'

const KEY = 'sk-live/key+with=odd-chars-0123456789'
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const AWS_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE/session+token=='
const HEADER_TOKEN = 'tok-from-routes-yaml-987654321'
/** What each kind's upstream is given (and quotes back). */
const secretsOf = (kind: string) => (kind === 'bedrock' ? [KEY, AWS_SECRET, AWS_TOKEN, HEADER_TOKEN] : [KEY, HEADER_TOKEN])

/** Every form an upstream might quote a secret in. */
function quoting(secret: string): string {
  return `got ${secret}; as Bearer ${secret}; in a URL ?key=${encodeURIComponent(secret)}&x=1; escaped ${JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')}`
}

/** The error body each kind's upstream sends, carrying `message`. */
const ERROR_BODY: Record<Exclude<ProviderKind, 'fake'>, (message: string) => { status: number; body: unknown; headers?: Record<string, string> }> = {
  openai: (message) => ({ status: 400, body: { error: { message, type: 'invalid_request_error', code: null } } }),
  azure: (message) => ({ status: 400, body: { error: { message, code: 'BadRequest' } } }),
  anthropic: (message) => ({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message } } }),
  gemini: (message) => ({ status: 400, body: { error: { code: 400, message, status: 'INVALID_ARGUMENT' } } }),
  ollama: (message) => ({ status: 400, body: { error: message } }),
  bedrock: (message) => ({ status: 400, body: { message }, headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/' } }),
}

const PROVIDER_OF: Record<keyof typeof ERROR_BODY, string> = { openai: 'oa', azure: 'az', anthropic: 'an', gemini: 'ge', ollama: 'ol', bedrock: 'br' }

const chatRequest = (model: string, stream = false): ChatRequest => ({ model, messages: [{ role: 'user', content: 'hi' }], stream, includeUsage: false, params: {} })

function configFor(url: string) {
  const auth = `headers: { x-extra-auth: "Bearer ${HEADER_TOKEN}" }`
  return parseConfig(
    `
providers:
  oa: { kind: openai, base_url: ${url}/openai/v1, api_key: "${KEY}", ${auth} }
  az: { kind: azure, base_url: ${url}/azure, api_key: "${KEY}", api_version: 2024-10-21, ${auth} }
  an: { kind: anthropic, base_url: ${url}/anthropic, api_key: "${KEY}", ${auth} }
  ge: { kind: gemini, base_url: ${url}/gemini/v1beta, api_key: "${KEY}", ${auth} }
  ol: { kind: ollama, base_url: ${url}/ollama, api_key: "${KEY}", ${auth} }
  br: { kind: bedrock, base_url: ${url}/bedrock, region: us-east-1, access_key_id: AKIAEXAMPLEEXAMPLE, secret_access_key: "${AWS_SECRET}", session_token: "${AWS_TOKEN}", ${auth} }
`,
    'routes.yaml',
    {},
  )
}

function targetFor(provider: ProviderConfig, model: string): AttemptTarget {
  const callCtx: CallContext = { provider, model, requestId: 'req-1', dropParams: true, dropped: [] }
  const deployment = { id: `${provider.name}/${model}`, target: `${provider.name}/${model}`, provider: provider.name, model, weight: 1 }
  const route = { name: deployment.id, label: deployment.id, alias: false, deployments: [deployment], strategy: 'weighted' as const, retries: 0, fallbacks: [], contextWindowFallbacks: [], dropParams: true, timeouts: { connectMs: 5000, ttftMs: 10_000, idleMs: 10_000, totalMs: 20_000, keepaliveMs: 0 } }
  return { route, deployment, provider, adapter: defaultAdapters(provider.kind)!, callCtx, attempt: 1, signal: new AbortController().signal, limits: DEFAULT_UPSTREAM_LIMITS }
}

function routingDeps() {
  const metrics = createMetrics({ processMetrics: false })
  return { metrics, logger: createLogger({ level: 'silent' }), adapters: defaultAdapters, routing: createRoutingRuntime(createMemoryStore(), metrics) }
}

function assertClean(err: unknown, what: string): void {
  assert.ok(err instanceof GatewayError, `${what}: ${String(err)}`)
  for (const secret of secretsOf(what)) {
    for (const form of [secret, encodeURIComponent(secret), secret.replace(/\//g, '\\/')]) assert.ok(!err.message.includes(form), `${what}: ${err.message}`)
  }
  assert.ok(err.message.includes(REDACTED), `${what}: the upstream's message (with its quotes) is passed on: ${err.message}`)
}

describe('redact', () => {
  it('replaces a secret in every form, longest first, and key-shaped tokens', () => {
    const text = `${quoting(KEY)} and a masked one sk-proj-****abcd and a Google key AIzaSyA-EXAMPLE-EXAMPLE-EXAMPLE12`
    const out = redact(text, [KEY, KEY.slice(0, 12)])
    assert.ok(!out.includes(KEY.slice(0, 12)), out)
    assert.ok(!out.includes('abcd') && !out.includes('AIzaSy'), out)
    assert.equal(out.split(REDACTED).length - 1, 6)
  })

  it('leaves text alone when it quotes nothing, and short secrets (they would match words)', () => {
    assert.equal(redact('the model is overloaded', [KEY, 'the']), 'the model is overloaded')
  })

  it("a provider's secrets: key, credential options, credential headers and their tokens", () => {
    const secrets = providerSecrets(configFor('http://127.0.0.1:1').providers.get('br')!)
    for (const s of [AWS_SECRET, AWS_TOKEN, 'AKIAEXAMPLEEXAMPLE', `Bearer ${HEADER_TOKEN}`, HEADER_TOKEN]) assert.ok(secrets.includes(s), s)
    assert.ok(!secrets.includes('us-east-1'), 'not every option is a secret')
  })
})

describe('an upstream that quotes our credentials in its error answer', () => {
  let server: LocalServer
  let upstream: UpstreamClient
  let config: ReturnType<typeof configFor>
  before(async () => {
    server = await serveLocally(async (req, res) => {
      for await (const _ of req) void _
      const kind = (req.url ?? '').split('/')[1] as keyof typeof ERROR_BODY
      // Echo whatever credentials arrived (as real proxies and some upstreams do), and ours.
      const sent = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'x-amz-security-token', 'x-extra-auth'].map((h) => req.headers[h]).filter((v) => typeof v === 'string')
      const aws = kind === 'bedrock' ? `; secret ${AWS_SECRET}` : ''
      const answer = ERROR_BODY[kind](`${quoting(KEY)}${aws}; headers: ${sent.join(' | ')}`)
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      res.end(JSON.stringify(answer.body))
    })
    upstream = createUpstreamClient()
    config = configFor(server.url)
  })
  after(async () => {
    await upstream?.close()
    await server?.close()
  })

  for (const kind of Object.keys(ERROR_BODY) as (keyof typeof ERROR_BODY)[]) {
    it(`${kind}: the GatewayError carries none of them`, async () => {
      const provider = config.providers.get(PROVIDER_OF[kind])!
      const route = targetFor(provider, kind === 'bedrock' ? 'anthropic.claude-3-haiku-20240307-v1:0' : 'some-model').route
      // The executor's attempt loop, as every request runs it: what it ends with is what the client gets.
      const execution = await execute(routingDeps(), {
        config,
        route,
        requestId: 'req-1',
        signal: new AbortController().signal,
        stream: false,
        attempt: async (target) => sendChecked(upstream, target, await target.adapter.buildRequest(chatRequest(target.deployment.model), target.callCtx)),
      })
      assert.ok(!execution.ok, 'no error')
      assertClean(execution.error, kind)
    })
  }
})

describe('errors reported inside a stream', () => {
  const codec = new EventStreamCodec(toUtf8, fromUtf8)
  const exception = (message: string) =>
    codec.encode({
      headers: { ':message-type': { type: 'string', value: 'exception' }, ':exception-type': { type: 'string', value: 'validationException' } },
      body: fromUtf8(JSON.stringify({ message })),
    })
  const STREAMS: Record<keyof typeof ERROR_BODY, { framing: Framing; body: (m: string) => Uint8Array }> = {
    openai: { framing: 'sse', body: (m) => Buffer.from(`data: ${JSON.stringify({ error: { message: m, type: 'server_error' } })}\n\n`) },
    azure: { framing: 'sse', body: (m) => Buffer.from(`data: ${JSON.stringify({ error: { message: m, code: '500' } })}\n\n`) },
    anthropic: { framing: 'sse', body: (m) => Buffer.from(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: m } })}\n\n`) },
    gemini: { framing: 'sse', body: (m) => Buffer.from(`data: ${JSON.stringify({ error: { code: 500, message: m, status: 'INTERNAL' } })}\n\n`) },
    ollama: { framing: 'ndjson', body: (m) => Buffer.from(`${JSON.stringify({ error: m })}\n`) },
    bedrock: { framing: 'aws-eventstream', body: (m) => exception(m) },
  }

  for (const kind of Object.keys(STREAMS) as (keyof typeof STREAMS)[]) {
    it(`${kind}: the stream's error event quotes the key; redactUpstreamError removes it`, async () => {
      const provider = configFor('http://127.0.0.1:1').providers.get(PROVIDER_OF[kind])!
      const ctx: CallContext = { provider, model: 'm', requestId: 'req-1', dropParams: true, dropped: [] }
      async function* body() {
        yield STREAMS[kind].body(`${quoting(KEY)}${kind === 'bedrock' ? `; secret ${AWS_SECRET} ${AWS_TOKEN}` : ''}`)
      }
      const events: ChatEvent[] = []
      for await (const e of defaultAdapters(provider.kind)!.parseStream(decodeFrames(STREAMS[kind].framing, body()), ctx)) events.push(e)
      const error = events.find((e): e is Extract<ChatEvent, { type: 'error' }> => e.type === 'error')
      assert.ok(error !== undefined, JSON.stringify(events))
      assert.ok(error.error.message.includes(KEY), `the adapter passes the upstream's words on: ${error.error.message}`)
      assertClean(redactUpstreamError(error.error, { provider }), kind)
    })
  }
})
