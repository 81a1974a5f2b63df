import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bedrockAdapter } from '../../../src/providers/bedrock/index.js'
import type { GatewayError } from '../../../src/errors/gateway-error.js'
import { bedrockContext } from './context.js'

function parse(status: number, type: string | undefined, message: unknown, extra: Record<string, string> = {}): GatewayError {
  const headers = new Headers(extra)
  if (type !== undefined) headers.set('x-amzn-ErrorType', type)
  return bedrockAdapter.parseError(status, typeof message === 'string' ? { message } : message, headers, bedrockContext())
}

test('ThrottlingException 429 → rate_limited (Retry-After honoured)', () => {
  const err = parse(429, 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/', 'Too many requests, please wait before trying again.', { 'retry-after': '3' })
  assert.equal(err.kind, 'rate_limited')
  assert.equal(err.status, 429)
  assert.equal(err.detail.retryAfterSeconds, 3)
  assert.equal(err.message, "Provider 'aws' is throttling requests (ThrottlingException): Too many requests, please wait before trying again.")
})

test('credential and signature failures are 502s naming the provider', () => {
  for (const [status, type, message] of [
    [403, 'AccessDeniedException', "You don't have access to the model with the specified model ID."],
    [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
    [403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'],
    [403, undefined, 'Forbidden'],
  ] as const) {
    const err = parse(status, type, message)
    assert.equal(err.kind, 'upstream_error', String(type))
    assert.equal(err.status, 502)
    assert.match(err.message, /^Provider 'aws' refused the gateway's AWS credentials/)
    assert.equal(err.detail.upstreamStatus, status)
  }
})

test('ValidationException: context wording → context_length, else invalid_request with the provider prefix', () => {
  const long = parse(400, 'ValidationException', 'Input is too long for requested model.')
  assert.equal(long.kind, 'context_length')
  assert.equal(long.code, 'context_length_exceeded')
  const other = parse(400, 'ValidationException', 'The model returned the following errors: temperature: range: 0..1')
  assert.equal(other.kind, 'invalid_request')
  assert.equal(other.message, 'aws: The model returned the following errors: temperature: range: 0..1')
})

test('not found, model errors, unavailable, timeouts', () => {
  assert.equal(parse(404, 'ResourceNotFoundException', 'Could not resolve the foundation model').kind, 'not_found')
  assert.equal(parse(424, 'ModelErrorException', 'The model failed').kind, 'upstream_error')
  assert.equal(parse(500, 'InternalServerException', 'Internal').kind, 'upstream_error')
  assert.equal(parse(503, 'ServiceUnavailableException', 'Bedrock is unavailable').kind, 'unavailable')
  assert.equal(parse(408, 'ModelTimeoutException', 'timed out').kind, 'upstream_timeout')
})

test('the type may come from the body (__type) and the message as Message', () => {
  const err = parse(400, undefined, { __type: 'com.amazon.coral.validate#ValidationException', Message: 'Malformed input request' })
  assert.equal(err.kind, 'invalid_request')
  assert.equal(err.message, 'aws: Malformed input request')
})

test('no type and no JSON: decided by status', () => {
  const err = bedrockAdapter.parseError(502, '<html>Bad gateway</html>', new Headers(), bedrockContext())
  assert.equal(err.kind, 'upstream_error')
  assert.equal(err.message, "Provider 'aws' failed (HTTP 502): <html>Bad gateway</html>")
})
