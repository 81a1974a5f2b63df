/**
 * The fake's fault prompts (issue #14): answers that are wrong on purpose, so the gateway's
 * tool-call and structured-output validation can be shown on `demo`, and `once`, which a retry
 * (the wrong answer sent back with a correction after it) gets right.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage, ChatRequest, ResponseFormat, ToolDefinition } from '../../../src/canonical/chat.js'
import { answerJson, ask, fakeCtx, type OpenAIAnswer } from './fake-helpers.js'
import { createOracle } from './schema-ajv.js'

const fast = fakeCtx({ ttft_ms: 0, tokens_per_second: 100000 })
const oracle = createOracle()

const weather: ToolDefinition = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['c', 'f'] } }, required: ['city', 'units'], additionalProperties: false },
}
const tools = [weather]
const report: ResponseFormat = {
  type: 'json_schema',
  name: 'report',
  schema: { type: 'object', properties: { city: { type: 'string' }, sky: { type: 'string', enum: ['clear', 'cloudy'] }, temp: { type: 'number' } }, required: ['city', 'sky', 'temp'], additionalProperties: false },
}

const firstCall = (body: OpenAIAnswer) => (body.choices[0].message.tool_calls ?? assert.fail('no tool call'))[0]
const keywordsOf = (schema: unknown, value: unknown) => oracle.errors(schema, value)

describe('fake faults: wrong on purpose', () => {
  it('fake:unknown-tool calls a function that was never declared (its arguments valid for the one it meant)', async () => {
    const call = firstCall(await answerJson(ask("fake:unknown-tool What's the weather in Paris?", { tools }), fast))
    assert.equal(call.function.name, 'get_weather_v2')
    assert.ok(oracle.valid(weather.parameters, JSON.parse(call.function.arguments)))
    const none = firstCall(await answerJson(ask('fake:unknown-tool hello'), fast))
    assert.equal(none.function.name, 'undeclared_tool')
  })

  it('fake:malformed-tool-args: arguments that are not JSON; finish tool_calls all the same', async () => {
    const body = await answerJson(ask("fake:malformed-tool-args What's the weather in Paris?", { tools }), fast)
    assert.equal(body.choices[0].finish_reason, 'tool_calls')
    const call = firstCall(body)
    assert.equal(call.function.name, 'get_weather')
    assert.throws(() => JSON.parse(call.function.arguments))
  })

  it('fake:invalid-tool-args [missing-required | wrong-type | bad-enum]: JSON that breaks the schema that way', async () => {
    const expected: Record<string, RegExp> = {
      '': /must have required property/,
      'missing-required': /must have required property/,
      'wrong-type': /must be string/,
      'bad-enum': /must be equal to one of the allowed values/,
    }
    for (const [violation, error] of Object.entries(expected)) {
      const call = firstCall(await answerJson(ask(`fake:invalid-tool-args ${violation} What's the weather in Paris?`, { tools }), fast))
      const args: unknown = JSON.parse(call.function.arguments)
      assert.ok(!oracle.valid(weather.parameters, args), `${violation}: ${call.function.arguments} validates`)
      assert.match(keywordsOf(weather.parameters, args), error, violation)
    }
  })

  it('fake:malformed-json and fake:invalid-json: structured content that is not JSON, or breaks the schema', async () => {
    const malformed = (await answerJson(ask('fake:malformed-json Paris', { responseFormat: report }), fast)).choices[0]
    assert.equal(malformed.finish_reason, 'stop')
    assert.throws(() => JSON.parse(malformed.message.content ?? ''))
    const invalid = (await answerJson(ask('fake:invalid-json bad-enum Paris', { responseFormat: report }), fast)).choices[0].message.content ?? ''
    assert.match(keywordsOf(report.schema, JSON.parse(invalid)), /must be equal to one of the allowed values/)
    const notAnObject = (await answerJson(ask('fake:invalid-json Paris', { responseFormat: { type: 'json_object' } }), fast)).choices[0].message.content ?? ''
    assert.ok(Array.isArray(JSON.parse(notAnObject)))
  })

  it('a prompt that only mentions a fault, or a fault with nothing to be wrong about, is answered normally', async () => {
    const mention = firstCall(await answerJson(ask('What does fake:invalid-tool-args do to the weather?', { tools }), fast))
    assert.ok(oracle.valid(weather.parameters, JSON.parse(mention.function.arguments)))
    const text = (await answerJson(ask('fake:invalid-tool-args hello'), fast)).choices[0].message.content
    assert.match(text ?? '', /^Echo: hello/)
  })
})

describe('fake faults: once, and the gateway’s retry', () => {
  /** The conversation a retry sends: the request, the wrong answer, and a correction in a tool or user message. */
  function retry(prompt: string, wrong: OpenAIAnswer, correction: 'tool' | 'user', extra: Partial<ChatRequest> = {}): ChatRequest {
    const message = wrong.choices[0].message
    const calls = (message.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }))
    const assistant: ChatMessage = calls.length > 0 ? { role: 'assistant', content: null, toolCalls: calls } : { role: 'assistant', content: message.content }
    const fix: ChatMessage =
      correction === 'tool' && calls.length > 0
        ? { role: 'tool', toolCallId: calls[0].id, content: 'Error: the arguments do not match the schema. Call it again with valid arguments.' }
        : { role: 'user', content: 'Your last answer did not match the schema. Answer again, validly.' }
    return ask([{ role: 'user', content: prompt }, assistant, fix], extra)
  }

  it('once: the first try is wrong, the retry (correction as a tool or a user message) is right, and equals the plain answer', async () => {
    const prompt = "fake:invalid-tool-args once What's the weather in Paris?"
    const wrong = await answerJson(ask(prompt, { tools }), fast)
    assert.ok(!oracle.valid(weather.parameters, JSON.parse(firstCall(wrong).function.arguments)))
    const plain = firstCall(await answerJson(ask("What's the weather in Paris?", { tools }), fast))
    for (const correction of ['tool', 'user'] as const) {
      const fixed = firstCall(await answerJson(retry(prompt, wrong, correction, { tools }), fast))
      assert.equal(fixed.function.name, 'get_weather')
      assert.equal(fixed.function.arguments, plain.function.arguments, correction)
      assert.notEqual(fixed.id, firstCall(wrong).id)
    }
  })

  it('without once, every retry gets the same wrong answer; a plain re-send too', async () => {
    for (const prompt of ['fake:unknown-tool Paris weather', 'fake:malformed-tool-args Paris weather', 'fake:invalid-tool-args wrong-type Paris weather']) {
      const wrong = await answerJson(ask(prompt, { tools }), fast)
      const again = await answerJson(retry(prompt, wrong, 'tool', { tools }), fast)
      assert.equal(firstCall(again).function.name, firstCall(wrong).function.name, prompt)
      assert.equal(firstCall(again).function.arguments, firstCall(wrong).function.arguments, prompt)
      const twice = await answerJson(retry(prompt, again, 'user', { tools }), fast)
      assert.equal(firstCall(twice).function.arguments, firstCall(wrong).function.arguments, prompt)
      assert.deepEqual((await answerJson(ask(prompt, { tools }), fast)).choices, wrong.choices)
    }
  })

  it('once for structured output: the retry gets JSON valid against the schema', async () => {
    const prompt = 'fake:malformed-json once Paris'
    const wrong = await answerJson(ask(prompt, { responseFormat: report }), fast)
    assert.throws(() => JSON.parse(wrong.choices[0].message.content ?? ''))
    const fixed = (await answerJson(retry(prompt, wrong, 'user', { responseFormat: report }), fast)).choices[0].message.content ?? ''
    assert.ok(oracle.valid(report.schema, JSON.parse(fixed)), fixed)
  })

  it('a tool result after a valid call is a result, not a correction: the loop goes on to a text answer', async () => {
    const prompt = "fake:invalid-tool-args once What's the weather in Paris?"
    const wrong = await answerJson(ask(prompt, { tools }), fast)
    const fixedRequest = retry(prompt, wrong, 'tool', { tools })
    const fixed = firstCall(await answerJson(fixedRequest, fast))
    const loop: ChatMessage[] = [
      ...fixedRequest.messages,
      { role: 'assistant', content: null, toolCalls: [{ id: fixed.id, name: fixed.function.name, arguments: fixed.function.arguments }] },
      { role: 'tool', toolCallId: fixed.id, content: 'sunny, 21 degrees' },
    ]
    const final = (await answerJson(ask(loop, { tools }), fast)).choices[0]
    assert.equal(final.finish_reason, 'stop')
    assert.match(final.message.content ?? '', /^get_weather returned sunny, 21 degrees\. /)
  })
})
