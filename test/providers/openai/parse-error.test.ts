import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openaiAdapter, parseGoDuration, retryAfterSeconds } from '../../../src/providers/openai/index.js'
import { redactUpstreamError } from '../../../src/routing/send.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { makeCtx } from './helpers.js'
import { readHttpFixture } from './http-fixture.js'

const ctx = makeCtx()
const none = new Headers()

describe('openai parseError on recorded error bodies', () => {
  it('400 context_length_exceeded → context_length', () => {
    const e = openaiAdapter.parseError(400, fixtureJson('openai', 'error-400-context-length-exceeded.json'), none, ctx)
    assert.equal(e.kind, 'context_length')
    assert.equal(e.status, 400)
    assert.equal(e.code, 'context_length_exceeded')
    assert.equal(e.detail.param, 'messages')
    assert.equal(e.message, "openai-main: This model's maximum context length is 4097 tokens. However, you requested 4120 tokens (3120 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.")
  })

  it('a context overflow worded without the code (vLLM style) is still context_length', () => {
    const e = openaiAdapter.parseError(400, { object: 'error', message: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.", type: 'BadRequestError', code: 400 }, none, ctx)
    assert.equal(e.kind, 'context_length')
  })

  it('400 unsupported_parameter → invalid_request, prefixed, param and code kept', () => {
    const e = openaiAdapter.parseError(400, fixtureJson('openai', 'error-400-unsupported-parameter.json'), none, ctx)
    assert.equal(e.kind, 'invalid_request')
    assert.equal(e.status, 400)
    assert.equal(e.message, "openai-main: Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")
    assert.equal(e.detail.param, 'max_tokens')
    assert.equal(e.code, 'unsupported_parameter')
    assert.equal(e.retryable, false)
  })

  // Redaction happens once, where an upstream error becomes ours (sendChecked, and
  // redactUpstreamError for errors inside an answer), for every kind: see test/routing/redaction.test.ts.
  it('401 from the upstream is a 502 naming the provider, and never repeats the key', () => {
    const e = redactUpstreamError(openaiAdapter.parseError(401, fixtureJson('openai', 'error-401-invalid-api-key.json'), none, ctx), ctx)
    assert.equal(e.kind, 'upstream_error')
    assert.equal(e.status, 502)
    assert.match(e.message, /Provider 'openai-main'/)
    assert.match(e.message, /invalid_api_key/)
    assert.doesNotMatch(e.message, /sk-VKMIs|wjh3/)
    assert.equal(e.detail.provider, 'openai-main')
    assert.equal(e.detail.upstreamStatus, 401)
  })

  it('our own key is redacted wherever the upstream quotes it', () => {
    const e = redactUpstreamError(openaiAdapter.parseError(403, { error: { message: `key ${ctx.provider.apiKey} has no access to gpt-5` } }, none, ctx), ctx)
    assert.equal(e.status, 502)
    assert.ok(!e.message.includes(ctx.provider.apiKey ?? '??'))
  })

  it('429 rate limit: Retry-After from the recorded headers', () => {
    const http = readHttpFixture('openai', 'error-429-rate-limit.http')
    assert.equal(http.startLine, 'HTTP/1.1 429 Too Many Requests')
    const e = openaiAdapter.parseError(429, JSON.parse(http.body), http.headers, ctx)
    assert.equal(e.kind, 'rate_limited')
    assert.equal(e.status, 429)
    assert.equal(e.code, 'rate_limit_exceeded')
    assert.equal(e.detail.retryAfterSeconds, 19)
    assert.equal(e.retryable, true)
  })

  it('429 rate limit: falls back to the body hint, then to the exhausted bucket reset', () => {
    const http = readHttpFixture('openai', 'error-429-rate-limit.http')
    http.headers.delete('retry-after')
    const body = fixtureJson('openai', 'error-429-rate-limit.json')
    assert.equal(openaiAdapter.parseError(429, body, http.headers, ctx).detail.retryAfterSeconds, 18.642)
    // Without the message hint: remaining-tokens is 0, so the tokens reset (18.642s) counts, not the requests one (120ms).
    assert.equal(openaiAdapter.parseError(429, { error: { message: 'slow down', code: 'rate_limit_exceeded' } }, http.headers, ctx).detail.retryAfterSeconds, 18.642)
  })

  it('429 request too large cannot succeed by waiting: payload_too_large, retryable elsewhere', () => {
    const e = openaiAdapter.parseError(429, fixtureJson('openai', 'error-429-request-too-large.json'), none, ctx)
    assert.equal(e.kind, 'payload_too_large')
    assert.equal(e.retryable, true)
    assert.equal(e.detail.retryAfterSeconds, undefined)
  })

  it('429 insufficient_quota is our account, not the client: upstream_error', () => {
    const e = openaiAdapter.parseError(429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } }, new Headers({ 'retry-after': '5' }), ctx)
    assert.equal(e.kind, 'upstream_error')
    assert.equal(e.status, 502)
    assert.equal(e.detail.retryAfterSeconds, undefined)
  })

  it('404 model_not_found → not_found; a 404 about the path → upstream_error', () => {
    const e = openaiAdapter.parseError(404, { error: { message: 'The model `gpt-9` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } }, none, ctx)
    assert.equal(e.kind, 'not_found')
    assert.equal(e.code, 'model_not_found')
    const path = openaiAdapter.parseError(404, '<html><head><title>404 Not Found</title></head><body>nginx</body></html>', none, ctx)
    assert.equal(path.kind, 'upstream_error')
    assert.match(path.message, /404 Not Found/)
  })

  it('5xx: 500/502/504/408/409 → upstream_error (retryable); 503 → unavailable', () => {
    for (const status of [500, 502, 504, 408, 409]) {
      const e = openaiAdapter.parseError(status, { error: { message: 'boom', type: 'server_error' } }, none, ctx)
      assert.equal(e.kind, 'upstream_error', String(status))
      assert.equal(e.retryable, true)
    }
    const u = openaiAdapter.parseError(503, { error: { message: 'The engine is currently overloaded' } }, new Headers({ 'retry-after-ms': '1500' }), ctx)
    assert.equal(u.kind, 'unavailable')
    assert.equal(u.detail.retryAfterSeconds, 1.5)
  })

  it('non-JSON bodies: an HTML page from a proxy, a JSON text, an empty body', () => {
    const html = openaiAdapter.parseError(502, '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>', none, ctx)
    assert.equal(html.kind, 'upstream_error')
    assert.match(html.message, /502 Bad Gateway/)
    assert.doesNotMatch(html.message, /<h1>/)
    const text = openaiAdapter.parseError(400, '{"error":{"message":"bad","param":"temperature"}}', none, ctx)
    assert.equal(text.kind, 'invalid_request')
    assert.equal(text.detail.param, 'temperature')
    const empty = openaiAdapter.parseError(500, undefined, none, ctx)
    assert.match(empty.message, /HTTP 500/)
    const ollama = openaiAdapter.parseError(400, { error: 'invalid options' }, none, ctx)
    assert.equal(ollama.message, 'openai-main: invalid options')
  })
})

describe('retry hints', () => {
  it('Go durations', () => {
    assert.equal(parseGoDuration('6m0s'), 360)
    assert.equal(parseGoDuration('120ms'), 0.12)
    assert.equal(parseGoDuration('1h2m3.5s'), 3723.5)
    assert.equal(parseGoDuration('18.642s'), 18.642)
    assert.equal(parseGoDuration('7'), 7)
    assert.equal(parseGoDuration('soon'), undefined)
  })

  it('retry-after as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z')
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), undefined, now), 30)
  })

  it('retry-after-ms wins over retry-after', () => {
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after-ms': '250', 'retry-after': '3' }), undefined), 0.25)
  })

  it('message hints: OpenAI and Azure wording', () => {
    assert.equal(retryAfterSeconds(none, 'Please try again in 20ms.'), 0.02)
    assert.equal(retryAfterSeconds(none, 'Please try again in 1m30s. Visit …'), 90)
    assert.equal(retryAfterSeconds(none, 'Please retry after 6 seconds.'), 6)
  })

  it('no exhausted bucket known: the shortest reset', () => {
    assert.equal(retryAfterSeconds(new Headers({ 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-reset-tokens': '500ms' }), undefined), 0.5)
    assert.equal(retryAfterSeconds(none, undefined), undefined)
  })
})

describe('openai parseError: content filter code', () => {
  it('an OpenAI-shaped body with code content_filter → content_filter', () => {
    const e = openaiAdapter.parseError(400, { error: { message: 'filtered', type: null, param: 'prompt', code: 'content_filter' } }, new Headers(), makeCtx())
    assert.equal(e.kind, 'content_filter')
    assert.equal(e.detail.param, 'prompt')
  })
})
