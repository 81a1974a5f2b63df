import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ErrorKind } from '../../../src/errors/gateway-error.js'
import { anthropicAdapter } from '../../../src/providers/anthropic/index.js'
import { fixtureJson, fixtureText } from '../../helpers/fixtures.js'
import { anthropicCtx, httpBody, httpHeaders, httpStatus } from './helpers.js'

const ctx = anthropicCtx({ model: 'claude-sonnet-4-5' })

function errorBody(type: string, message: string): unknown {
  return { type: 'error', error: { type, message } }
}

test('404 not_found_error (error-404-not-found.json) → not_found naming the model', () => {
  const err = anthropicAdapter.parseError(404, fixtureJson('anthropic', 'error-404-not-found.json'), new Headers(), ctx)
  assert.equal(err.kind, 'not_found')
  assert.equal(err.status, 404)
  assert.equal(err.code, 'model_not_found')
  assert.equal(err.message, "claude-main: model 'claude-sonnet-4-5' was not found upstream (The requested resource could not be found.)")
  assert.equal(err.detail.upstreamStatus, 404)
  assert.equal(err.detail.provider, 'claude-main')
})

test('529 overloaded (error-529-overloaded.http) → overloaded 529 (OpenAI doors render it 503), retryable, request id kept', () => {
  const http = fixtureText('anthropic', 'error-529-overloaded.http')
  const err = anthropicAdapter.parseError(httpStatus(http), JSON.parse(httpBody(http)) as unknown, httpHeaders(http), ctx)
  assert.equal(err.kind, 'overloaded')
  assert.equal(err.status, 529)
  assert.equal(err.retryable, true)
  assert.equal(err.message, 'claude-main: Overloaded (request id req_01RCc7MbLyQNtGKzBTv8VCep)')
  assert.equal(err.detail.upstreamStatus, 529)
})

test('the 529 body also maps when handed over as unparsed text', () => {
  const http = fixtureText('anthropic', 'error-529-overloaded.http')
  assert.equal(anthropicAdapter.parseError(529, httpBody(http), new Headers(), ctx).kind, 'overloaded')
})

test('400 invalid_request_error: context overflow → context_length, anything else → invalid_request', () => {
  const long = anthropicAdapter.parseError(400, errorBody('invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum'), new Headers(), ctx)
  assert.equal(long.kind, 'context_length')
  assert.equal(long.code, 'context_length_exceeded')
  assert.equal(long.message, 'claude-main: prompt is too long: 208310 tokens > 200000 maximum')

  const limit = anthropicAdapter.parseError(
    400,
    errorBody('invalid_request_error', 'input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again'),
    new Headers(),
    ctx,
  )
  assert.equal(limit.kind, 'context_length')

  const bad = anthropicAdapter.parseError(400, errorBody('invalid_request_error', 'temperature: range: 0..1'), new Headers(), ctx)
  assert.equal(bad.kind, 'invalid_request')
  assert.equal(bad.status, 400)
  assert.equal(bad.message, 'claude-main: temperature: range: 0..1')
})

test('401/403 from Anthropic blame our configuration: 502 naming the provider, no upstream text', () => {
  for (const [status, type] of [
    [401, 'authentication_error'],
    [403, 'permission_error'],
  ] as const) {
    const err = anthropicAdapter.parseError(status, errorBody(type, 'invalid x-api-key sk-ant-api03-REDACTED'), new Headers(), ctx)
    assert.equal(err.kind, 'upstream_error')
    assert.equal(err.status, 502)
    assert.match(err.message, /claude-main/)
    assert.match(err.message, new RegExp(type))
    assert.doesNotMatch(err.message, /sk-ant/)
  }
})

test('429 rate_limit_error → rate_limited with retry-after', () => {
  const err = anthropicAdapter.parseError(429, errorBody('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'), new Headers({ 'retry-after': '17' }), ctx)
  assert.equal(err.kind, 'rate_limited')
  assert.equal(err.status, 429)
  assert.equal(err.detail.retryAfterSeconds, 17)
  const ms = anthropicAdapter.parseError(429, errorBody('rate_limit_error', 'x'), new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), ctx)
  assert.equal(ms.detail.retryAfterSeconds, 1.5)
})

test('status-only and other error types', () => {
  const cases: Array<[number, unknown, ErrorKind]> = [
    [413, errorBody('request_too_large', 'Request exceeds the maximum allowed number of bytes.'), 'payload_too_large'],
    [413, '<html>413 Request Entity Too Large</html>', 'payload_too_large'],
    [500, errorBody('api_error', 'Internal server error'), 'upstream_error'],
    [502, 'Bad Gateway', 'upstream_error'],
    [503, undefined, 'unavailable'],
    [504, errorBody('timeout_error', 'Request timed out'), 'upstream_timeout'],
    [402, errorBody('billing_error', 'Your credit balance is too low'), 'upstream_error'],
    [422, undefined, 'invalid_request'],
  ]
  for (const [status, body, kind] of cases) {
    assert.equal(anthropicAdapter.parseError(status, body, new Headers(), ctx).kind, kind, `${status} ${JSON.stringify(body)}`)
  }
})
