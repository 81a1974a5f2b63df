import { test } from 'node:test'
import assert from 'node:assert/strict'
import { geminiAdapter } from '../../../src/providers/gemini/index.js'
import type { GatewayError } from '../../../src/errors/gateway-error.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { API_KEY, geminiContext } from './context.js'

function parse(status: number, body: unknown, headers: Record<string, string> = {}): GatewayError {
  return geminiAdapter.parseError(status, body, new Headers(headers), geminiContext())
}

const googleError = (code: number, status: string, message: string) => ({ error: { code, message, status } })

test('400 API_KEY_INVALID is a 502 naming the provider, not a 401 blaming the client', () => {
  const err = parse(400, fixtureJson('gemini', 'error-400-api-key-invalid.json'))
  assert.equal(err.kind, 'upstream_error')
  assert.equal(err.status, 502)
  assert.equal(err.retryable, true)
  assert.equal(err.detail.provider, 'google-ai')
  assert.equal(err.detail.upstreamStatus, 400)
  assert.equal(
    err.message,
    "Provider 'google-ai' rejected the gateway's configured API key (400 INVALID_ARGUMENT, API_KEY_INVALID): API key not valid. Please pass a valid API key.",
  )
  assert.ok(!err.message.includes(API_KEY))
})

test('429 RESOURCE_EXHAUSTED → rate_limited with RetryInfo.retryDelay', () => {
  const err = parse(429, fixtureJson('gemini', 'error-429-resource-exhausted.json'))
  assert.equal(err.kind, 'rate_limited')
  assert.equal(err.status, 429)
  assert.equal(err.detail.retryAfterSeconds, 34.4)
  assert.match(err.message, /You exceeded your current quota, please check your plan\./)
})

test('retry-after-ms and retry-after headers win over the body hint', () => {
  const body = fixtureJson('gemini', 'error-429-resource-exhausted.json')
  assert.equal(parse(429, body, { 'retry-after-ms': '1500' }).detail.retryAfterSeconds, 1.5)
  assert.equal(parse(429, body, { 'retry-after': '7' }).detail.retryAfterSeconds, 7)
  assert.equal(parse(429, googleError(429, 'RESOURCE_EXHAUSTED', 'slow down')).detail.retryAfterSeconds, undefined)
})

test('400 about the input size → context_length', () => {
  const err = parse(
    400,
    googleError(400, 'INVALID_ARGUMENT', 'The input token count (1196265) exceeds the maximum number of tokens allowed (1048575).'),
  )
  assert.equal(err.kind, 'context_length')
  assert.equal(err.code, 'context_length_exceeded')
  assert.equal(err.message, 'google-ai: The input token count (1196265) exceeds the maximum number of tokens allowed (1048575).')
})

test('other 400s → invalid_request prefixed with the provider name', () => {
  const err = parse(400, googleError(400, 'INVALID_ARGUMENT', '* GenerateContentRequest.contents: contents is not specified'))
  assert.equal(err.kind, 'invalid_request')
  assert.equal(err.status, 400)
  assert.equal(err.retryable, false)
  assert.equal(err.message, 'google-ai: * GenerateContentRequest.contents: contents is not specified')
})

test('403 PERMISSION_DENIED and 401 → upstream_error naming the provider', () => {
  for (const [status, rpc] of [
    [403, 'PERMISSION_DENIED'],
    [401, 'UNAUTHENTICATED'],
  ] as const) {
    const err = parse(status, googleError(status, rpc, 'Method doesn\'t allow unregistered callers.'))
    assert.equal(err.kind, 'upstream_error')
    assert.match(err.message, /^Provider 'google-ai' refused the gateway's credentials/)
  }
})

test('404, 5xx, 503, 504 and FAILED_PRECONDITION', () => {
  assert.equal(parse(404, googleError(404, 'NOT_FOUND', 'models/gemini-9 is not found')).kind, 'not_found')
  assert.equal(parse(500, googleError(500, 'INTERNAL', 'An internal error has occurred.')).kind, 'upstream_error')
  assert.equal(parse(503, googleError(503, 'UNAVAILABLE', 'The model is overloaded.')).kind, 'unavailable')
  assert.equal(parse(504, googleError(504, 'DEADLINE_EXCEEDED', 'Deadline expired')).kind, 'upstream_timeout')
  const precondition = parse(400, googleError(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'))
  assert.equal(precondition.kind, 'upstream_error')
})

test('the array form, and bodies that are not Google errors', () => {
  assert.equal(parse(503, [googleError(503, 'UNAVAILABLE', 'busy')]).kind, 'unavailable')
  const text = parse(502, '<html>Bad Gateway</html>')
  assert.equal(text.kind, 'upstream_error')
  assert.equal(text.message, "Provider 'google-ai' failed (HTTP 502): HTTP 502")
})
