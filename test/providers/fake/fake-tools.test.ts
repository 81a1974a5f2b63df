/**
 * The fake calls tools (issue #14, item 5): which function and when, arguments that validate
 * against the function's schema (ajv is the judge), the stream as OpenAI sends it, and a text
 * answer that reports a tool's result.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage, ToolDefinition } from '../../../src/canonical/chat.js'
import { fakeAdapter } from '../../../src/providers/fake/index.js'
import { foldEvents, streamEvents } from '../openai/helpers.js'
import { answerChunks, answerJson, ask, bodyText, callFake, fakeCtx } from './fake-helpers.js'
import { createOracle } from './schema-ajv.js'

const fast = fakeCtx({ ttft_ms: 0, tokens_per_second: 100000 })
const oracle = createOracle()

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['c', 'f'] } }, required: ['city', 'units'], additionalProperties: false },
}
const stock: ToolDefinition = {
  name: 'get_stock_price',
  parameters: { type: 'object', properties: { ticker: { type: 'string', pattern: '^[A-Z]{1,5}$' }, exchange: { type: 'string', enum: ['NASDAQ', 'NYSE'] } }, required: ['ticker'] },
}
const tools = [weather, stock]

function assertValidArgs(tool: ToolDefinition, args: string): void {
  const value: unknown = JSON.parse(args)
  assert.ok(oracle.valid(tool.parameters, value), `${args}: ${oracle.errors(tool.parameters, value)}`)
}

describe('fake tools: which function, and when', () => {
  it('auto: the function the prompt names, with arguments valid against its schema and names from the prompt', async () => {
    const body = await answerJson(ask("What's the weather in Paris?", { tools }), fast)
    const choice = body.choices[0]
    assert.equal(choice.finish_reason, 'tool_calls')
    assert.equal(choice.message.content, null)
    const calls = choice.message.tool_calls ?? []
    assert.equal(calls.length, 1)
    assert.equal(calls[0].type, 'function')
    assert.match(calls[0].id, /^call_[A-Za-z0-9]{24}$/)
    assert.equal(calls[0].function.name, 'get_weather')
    assertValidArgs(weather, calls[0].function.arguments)
    assert.equal((JSON.parse(calls[0].function.arguments) as { city: string }).city, 'Paris')
  })

  it('tool_choice names a function: that one is called, whatever the prompt names', async () => {
    const body = await answerJson(ask("What's the weather in Paris?", { tools, toolChoice: { name: 'get_stock_price' } }), fast)
    const calls = body.choices[0].message.tool_calls ?? []
    assert.deepEqual(calls.map((c) => c.function.name), ['get_stock_price'])
    assertValidArgs(stock, calls[0].function.arguments)
  })

  it('required, with a prompt that names no function: one call, chosen by the prompt (the same each time)', async () => {
    const names = new Set<string>()
    for (const prompt of ['Hello there', 'Tell me something', 'What now?', 'Surprise me', 'Go on']) {
      const a = await answerJson(ask(prompt, { tools, toolChoice: 'required' }), fast)
      const b = await answerJson(ask(prompt, { tools, toolChoice: 'required' }), fast)
      assert.deepEqual(a.choices[0].message.tool_calls, b.choices[0].message.tool_calls)
      assert.equal(a.choices[0].finish_reason, 'tool_calls')
      const calls = a.choices[0].message.tool_calls ?? []
      assert.equal(calls.length, 1)
      names.add(calls[0].function.name)
      assertValidArgs(calls[0].function.name === 'get_weather' ? weather : stock, calls[0].function.arguments)
    }
    assert.equal(names.size, 2, 'different prompts choose different functions')
  })

  it('auto with a prompt that says no tools, and none whatever the prompt: text', async () => {
    for (const req of [ask('Answer without tools: is it sunny?', { tools }), ask("What's the weather in Paris?", { tools, toolChoice: 'none' })]) {
      const choice = (await answerJson(req, fast)).choices[0]
      assert.equal(choice.finish_reason, 'stop')
      assert.equal(choice.message.tool_calls, undefined)
      assert.match(choice.message.content ?? '', /^Echo: /)
    }
  })

  it('several functions named and parallel calls allowed: one call each, in the order named; parallel_tool_calls false: one', async () => {
    const prompt = 'Check the stock price of ACME and the weather in Oslo'
    const both = (await answerJson(ask(prompt, { tools }), fast)).choices[0].message.tool_calls ?? []
    assert.deepEqual(both.map((c) => c.function.name), ['get_stock_price', 'get_weather'])
    assert.notEqual(both[0].id, both[1].id)
    assertValidArgs(stock, both[0].function.arguments)
    assertValidArgs(weather, both[1].function.arguments)
    const one = (await answerJson(ask(prompt, { tools, parallelToolCalls: false }), fast)).choices[0].message.tool_calls ?? []
    assert.deepEqual(one.map((c) => c.function.name), ['get_stock_price'])
  })

  it('a function without parameters gets `{}`', async () => {
    const calls = (await answerJson(ask('ping', { tools: [{ name: 'ping' }], toolChoice: 'required' }), fast)).choices[0].message.tool_calls ?? []
    assert.deepEqual(calls.map((c) => [c.function.name, c.function.arguments]), [['ping', '{}']])
  })
})

describe('fake tools: the loop', () => {
  const turn = async (messages: ChatMessage[]) => (await answerJson(ask(messages, { tools }), fast)).choices[0]

  it('after the tool result, auto answers in text that reports it; ids differ from turn to turn', async () => {
    const first = await turn([{ role: 'user', content: "What's the weather in Paris?" }])
    const call = (first.message.tool_calls ?? [])[0]
    const history: ChatMessage[] = [
      { role: 'user', content: "What's the weather in Paris?" },
      { role: 'assistant', content: null, toolCalls: [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] },
      { role: 'tool', toolCallId: call.id, content: '{"temperature": 21, "conditions": "sunny"}' },
    ]
    const second = await turn(history)
    assert.equal(second.finish_reason, 'stop')
    assert.equal(second.message.tool_calls, undefined)
    assert.match(second.message.content ?? '', /^get_weather returned \{"temperature": 21, "conditions": "sunny"\}\. /)
    // The next question starts a new turn: a call again, with a new id.
    const third = await turn([...history, { role: 'assistant', content: second.message.content }, { role: 'user', content: "What's the weather in Paris?" }])
    const again = (third.message.tool_calls ?? [])[0]
    assert.equal(again.function.name, 'get_weather')
    assert.notEqual(again.id, call.id)
  })

  it('a schema the generator cannot meet is a 400 naming the function’s parameters', async () => {
    const impossible: ToolDefinition = { name: 'odd', parameters: { type: 'object', properties: { x: { type: 'integer', minimum: 5, maximum: 4 } }, required: ['x'] } }
    const res = await callFake(ask('odd one', { tools: [weather, impossible], toolChoice: { name: 'odd' } }), fast)
    assert.equal(res.status, 400)
    const error = (JSON.parse(await bodyText(res)) as { error: { message: string; param: string; code: string } }).error
    assert.equal(error.param, 'tools[1].function.parameters')
    assert.equal(error.code, 'invalid_function_parameters')
    assert.match(error.message, /^The fake model cannot generate arguments for the function 'odd': no integer lies between the minimum and the maximum \(at \/properties\/x\)\.$/)
  })
})

describe('fake tools: streamed as OpenAI streams them', () => {
  it('role chunk (content null), then per call its id, type and name with empty arguments, then argument fragments; finish tool_calls', async () => {
    const req = ask('Check the stock price of ACME and the weather in Oslo', { tools })
    const { chunks, bytes } = await answerChunks(req, fast)
    const deltas = chunks.filter((c) => c.choices.length > 0).map((c) => c.choices[0])
    assert.deepEqual(deltas[0].delta, { role: 'assistant', content: null })
    const starts = deltas.filter((d) => d.delta.tool_calls?.[0]?.id !== undefined).map((d) => d.delta.tool_calls?.[0])
    assert.equal(starts.length, 2)
    for (const [i, s] of starts.entries()) {
      assert.equal(s?.index, i)
      assert.equal(s?.type, 'function')
      assert.equal(s?.function.arguments, '')
      assert.match(s?.id ?? '', /^call_/)
    }
    const fragments = deltas.filter((d) => d.delta.tool_calls !== undefined && d.delta.tool_calls[0].id === undefined)
    assert.ok(fragments.length > 6, 'arguments arrive in fragments')
    for (const f of fragments) assert.deepEqual(Object.keys(f.delta.tool_calls?.[0] ?? {}).sort(), ['function', 'index'])
    assert.equal(deltas.at(-1)?.finish_reason, 'tool_calls')
    assert.ok(chunks.at(-1)?.usage !== undefined, 'the usage chunk closes the stream')

    // The gateway's own stream parser reads the same calls the JSON answer has, however the bytes are cut.
    const whole = foldEvents(await streamEvents(fakeAdapter, [bytes], fast))
    const json = await answerJson(req, fast)
    assert.deepEqual(
      whole.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments })),
      (json.choices[0].message.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
    )
    assert.equal(whole.finish, 'tool_calls')
    for (let cut = 1; cut < bytes.length; cut += 97) {
      assert.deepEqual(foldEvents(await streamEvents(fakeAdapter, [bytes.subarray(0, cut), bytes.subarray(cut)], fast)), whole)
    }
  })

  it('max_tokens cuts the arguments (finish length), as a model that runs out does', async () => {
    const body = await answerJson(ask("What's the weather in Paris?", { tools, params: { maxTokens: 3 } }), fast)
    const choice = body.choices[0]
    assert.equal(choice.finish_reason, 'length')
    assert.equal(body.usage.completion_tokens, 3)
    assert.throws(() => JSON.parse((choice.message.tool_calls ?? [])[0].function.arguments))
  })
})

describe('fake tools: hostile schemas', () => {
  it('a schema nested deeper than the stack allows is a 400, not a crash', async () => {
    let deep: unknown = 1
    for (let i = 0; i < 20000; i++) deep = [deep]
    const tool: ToolDefinition = { name: 'deep', parameters: { type: 'object', properties: { x: { const: deep } }, required: ['x'] } }
    const res = await callFake(ask('deep', { tools: [tool], toolChoice: 'required' }), fast)
    assert.equal(res.status, 400)
    assert.match(await bodyText(res), /cannot generate arguments for the function 'deep': the schema nests too deeply/)
  })
})
