import { test } from 'node:test'
import assert from 'node:assert/strict'
import { geminiAdapter } from '../../../src/providers/gemini/index.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { geminiContext } from './context.js'

test('text answer: text, finish, usage with thinking tokens, ids', () => {
  const result = geminiAdapter.parseResponse(fixtureJson('gemini', 'generate-content-response-text.json'), geminiContext())
  assert.deepEqual(result, {
    id: 'Un6LacrVMcjUxs0PmJfWoQc',
    upstreamModel: 'gemini-3-pro-preview',
    text: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
    toolCalls: [],
    finish: 'stop',
    rawFinish: 'STOP',
    usage: { promptTokens: 9, completionTokens: 272, totalTokens: 281, reasoningTokens: 244 },
  })
})

test('function call answer: STOP with a call is tool_calls; id generated; signature kept', () => {
  const result = geminiAdapter.parseResponse(fixtureJson('gemini', 'generate-content-response-function-call.json'), geminiContext())
  assert.equal(result.text, null)
  assert.equal(result.finish, 'tool_calls')
  assert.equal(result.rawFinish, 'STOP')
  assert.equal(result.toolCalls.length, 1)
  const [call] = result.toolCalls
  assert.match(call.id, /^call_[A-Za-z0-9]+_\d+$/)
  assert.equal(call.name, 'weather')
  assert.equal(call.arguments, '{"location":"San Francisco"}')
  assert.deepEqual(call.providerMetadata, {
    thoughtSignature: 'EskgCsYgAb4+9vtF7/499YQS2bjZs3xcQI+iAl+ILn29nK1j0Kg6su7QsUUUk3nrAAfnS2w5WiVvlcCqu9fAebJ2cvfaEyBahEt5',
  })
  assert.deepEqual(result.usage, { promptTokens: 29, completionTokens: 908, totalTokens: 937, reasoningTokens: 893 })
})

test('generated tool call ids are unique', () => {
  const body = {
    candidates: [
      {
        content: { role: 'model', parts: [{ functionCall: { name: 'a', args: {} } }, { functionCall: { name: 'a', args: { x: 1 } } }] },
        finishReason: 'STOP',
      },
    ],
  }
  const { toolCalls } = geminiAdapter.parseResponse(body, geminiContext())
  assert.equal(toolCalls.length, 2)
  assert.notEqual(toolCalls[0].id, toolCalls[1].id)
  assert.deepEqual(toolCalls.map((c) => c.arguments), ['{}', '{"x":1}'])
})

test('thought parts become reasoning; cached tokens are reported', () => {
  const body = {
    candidates: [
      {
        content: { role: 'model', parts: [{ text: 'Let me think.', thought: true }, { text: 'Answer.' }] },
        finishReason: 'STOP',
      },
    ],
    usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 2, thoughtsTokenCount: 3, totalTokenCount: 105 },
  }
  const result = geminiAdapter.parseResponse(body, geminiContext())
  assert.equal(result.text, 'Answer.')
  assert.deepEqual(result.reasoning, [{ text: 'Let me think.' }])
  assert.deepEqual(result.usage, { promptTokens: 100, completionTokens: 5, totalTokens: 105, cachedPromptTokens: 60, reasoningTokens: 3 })
})

test('finish reasons: MAX_TOKENS → length, SAFETY → content_filter, OTHER → stop', () => {
  const answer = (finishReason: string) => ({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason }] })
  assert.equal(geminiAdapter.parseResponse(answer('MAX_TOKENS'), geminiContext()).finish, 'length')
  assert.equal(geminiAdapter.parseResponse(answer('SAFETY'), geminiContext()).finish, 'content_filter')
  assert.equal(geminiAdapter.parseResponse(answer('RECITATION'), geminiContext()).finish, 'content_filter')
  const other = geminiAdapter.parseResponse(answer('OTHER'), geminiContext())
  assert.equal(other.finish, 'stop')
  assert.equal(other.rawFinish, 'OTHER')
})

test('MALFORMED_FUNCTION_CALL is a retryable upstream_error naming the provider', () => {
  const body = { candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: print(x' }] }
  assert.throws(
    () => geminiAdapter.parseResponse(body, geminiContext()),
    (err: unknown) =>
      err instanceof GatewayError &&
      err.kind === 'upstream_error' &&
      err.retryable &&
      err.message === "Provider 'google-ai': the model produced a malformed function call (MALFORMED_FUNCTION_CALL): Malformed function call: print(x",
  )
})

test('a blocked prompt (promptFeedback.blockReason, no candidates) is a content_filter error', () => {
  const body = { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 } }
  assert.throws(
    () => geminiAdapter.parseResponse(body, geminiContext()),
    (err: unknown) => err instanceof GatewayError && err.kind === 'content_filter' && err.status === 400 && /PROHIBITED_CONTENT/.test(err.message),
  )
})

test('a body that is not an object, or is an error object, is reported', () => {
  assert.throws(
    () => geminiAdapter.parseResponse('oops', geminiContext()),
    (err: unknown) => err instanceof GatewayError && err.kind === 'upstream_error',
  )
  assert.throws(
    () => geminiAdapter.parseResponse({ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } }, geminiContext()),
    (err: unknown) => err instanceof GatewayError && err.kind === 'unavailable',
  )
})
