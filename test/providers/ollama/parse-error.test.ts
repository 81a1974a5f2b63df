import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ErrorKind } from '../../../src/errors/gateway-error.js'
import { ollamaAdapter } from '../../../src/providers/ollama/index.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { ollamaCtx } from './helpers.js'

const ctx = ollamaCtx({ model: 'llama3.2' })

test('error.json with a 500 → upstream_error carrying the message', () => {
  const err = ollamaAdapter.parseError(500, fixtureJson('ollama', 'error.json'), new Headers(), ctx)
  assert.equal(err.kind, 'upstream_error')
  assert.equal(err.status, 502)
  assert.equal(err.retryable, true)
  assert.equal(err.message, 'local-ollama: the model failed to generate a response')
  assert.equal(err.detail.upstreamStatus, 500)
})

test('404 "model not found" → not_found naming the model', () => {
  const err = ollamaAdapter.parseError(404, { error: "model 'llama3.2' not found, try pulling it first" }, new Headers(), ctx)
  assert.equal(err.kind, 'not_found')
  assert.equal(err.status, 404)
  assert.equal(err.message, "local-ollama: model 'llama3.2' was not found upstream (model 'llama3.2' not found, try pulling it first)")
})

test('400: context overflow → context_length, other → invalid_request', () => {
  const long = ollamaAdapter.parseError(400, { error: 'the input length exceeds the context length' }, new Headers(), ctx)
  assert.equal(long.kind, 'context_length')
  assert.equal(long.code, 'context_length_exceeded')
  const bad = ollamaAdapter.parseError(400, '{"error":"invalid options: foo"}', new Headers(), ctx)
  assert.equal(bad.kind, 'invalid_request')
  assert.equal(bad.message, 'local-ollama: invalid options: foo')
})

test('429 → rate_limited with retry-after', () => {
  const err = ollamaAdapter.parseError(429, { error: 'too many requests' }, new Headers({ 'retry-after': '3' }), ctx)
  assert.equal(err.kind, 'rate_limited')
  assert.equal(err.detail.retryAfterSeconds, 3)
})

test('other statuses', () => {
  const cases: Array<[number, unknown, ErrorKind]> = [
    [401, { error: 'unauthorized' }, 'upstream_error'],
    [403, 'Forbidden', 'upstream_error'],
    [413, undefined, 'payload_too_large'],
    [502, { error: 'bad gateway' }, 'upstream_error'],
    [503, { error: 'server busy, please try again.  maximum pending requests exceeded' }, 'unavailable'],
    [504, undefined, 'upstream_timeout'],
    [418, 'teapot', 'invalid_request'],
  ]
  for (const [status, body, kind] of cases) {
    const err = ollamaAdapter.parseError(status, body, new Headers(), ctx)
    assert.equal(err.kind, kind, String(status))
    if (status === 401 || status === 403) assert.match(err.message, /local-ollama/)
  }
})
