/**
 * tool_validation through a real gateway on a socket, with the built-in fake model and the
 * official openai SDK (issue #14): the fake's fault prompts (`fake:unknown-tool`,
 * `fake:invalid-tool-args`, `fake:malformed-tool-args`, `fake:invalid-json`, `fake:malformed-json`,
 * with `once` answered right when asked again) against each policy, JSON and streamed.
 *
 * Covered: annotate (header, metric; answer unchanged), reject (502 invalid_tool_call naming the
 * tool and the schema path, JSON and stream), retry reaching a valid answer on the second try
 * (JSON and stream, tool calls and structured output, counted as repaired and as a validation
 * retry), retry giving up with the named error, off (nothing checked), an invalid schema in the
 * request (400 naming the tool), and a valid answer under retry (one upstream try).
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import Anthropic from '@anthropic-ai/sdk'
import { rejected } from '../helpers/rejected.js'
import type { ChatCompletionTool } from 'openai/resources/chat/completions'
import { Writable } from 'node:stream'
import { createLogger } from '../../src/logging/logger.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'

const WEATHER: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
}
const REPORT = {
  type: 'json_schema' as const,
  json_schema: {
    name: 'report',
    schema: { type: 'object', properties: { city: { type: 'string' }, temperature: { type: 'number' } }, required: ['city', 'temperature'], additionalProperties: false },
  },
}

function metric(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)))
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1))
}

describe('tool_validation with the fake model, through the gateway', () => {
  let gw: TestGateway
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })

  const logLine = async (match: (l: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 1000; i++) {
      const found = lines.find(match)
      if (found !== undefined) return found
      await new Promise((resolve) => setImmediate(resolve))
    }
    return undefined
  }

  before(async () => {
    gw = await startTestGateway(`
providers:
  fake: { kind: fake, ttft_ms: 0, tokens_per_second: 100000, models: [echo-1] }
models:
  noted: fake/echo-1
  strict: { deployments: [{ target: fake/echo-1 }], tool_validation: reject }
  mended: { deployments: [{ target: fake/echo-1 }], tool_validation: retry, tool_validation_retries: 1 }
  unchecked: { deployments: [{ target: fake/echo-1 }], tool_validation: off }
`, {}, createLogger({ level: 'info', destination: sink }))
  })
  after(async () => {
    await gw.close()
  })

  const ask = (model: string, content: string) => ({ model, messages: [{ role: 'user' as const, content }], tools: [WEATHER], tool_choice: 'required' as const })

  it('annotate (the default): the invalid call goes out as it came, named in a header and counted', async () => {
    const { data, response } = await gw.client.chat.completions.create(ask('noted', 'fake:invalid-tool-args bad-enum weather in Paris')).withResponse()
    const call = data.choices[0]!.message.tool_calls![0]!
    assert.equal(call.type === 'function' && call.function.name, 'get_weather')
    assert.match(response.headers.get('x-switchyard-tool-validation') ?? '', /^invalid schema_mismatch:get_weather@\/unit$/)
    const valid = await gw.client.chat.completions.create(ask('noted', 'weather in Paris')).withResponse()
    assert.equal(valid.response.headers.get('x-switchyard-tool-validation'), 'valid')
    const text = await gw.metricsText()
    assert.equal(metric(text, 'switchyard_tool_calls_total', { route: 'noted', result: 'schema_mismatch' }), 1)
    assert.equal(metric(text, 'switchyard_tool_calls_total', { route: 'noted', result: 'valid' }), 1)
    const logged = lines.find((l) => l.requestId === response.headers.get('x-request-id'))
    assert.match(JSON.stringify(logged?.toolValidation), /schema_mismatch: the arguments of 'get_weather' at '\/unit' must be one of/)
  })

  it('annotate, streamed: the stream goes out as it came; its failure is logged and counted at its end', async () => {
    const before = metric(await gw.metricsText(), 'switchyard_tool_calls_total', { route: 'noted', result: 'unknown_tool' })
    const { data, response } = await gw.client.chat.completions.create({ ...ask('noted', 'fake:unknown-tool weather in Paris'), stream: true }).withResponse()
    let name = ''
    for await (const chunk of data) name += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.name ?? ''
    assert.notEqual(name, 'get_weather')
    assert.equal(metric(await gw.metricsText(), 'switchyard_tool_calls_total', { route: 'noted', result: 'unknown_tool' }), before + 1)
    const id = response.headers.get('x-request-id')
    // The log line is written as the response ends, which may be just after the SDK saw [DONE].
    const logged = await logLine((l) => l.requestId === id && l.toolValidation !== undefined)
    assert.match(JSON.stringify(logged?.toolValidation), /unknown_tool/)
  })

  for (const stream of [false, true]) {
    const how = stream ? 'streamed' : 'JSON'
    it(`reject (${how}): a call to an undeclared function is a 502 invalid_tool_call naming it`, async () => {
      const err = await rejected(gw.client.chat.completions.create({ ...ask('strict', 'fake:unknown-tool weather in Paris'), stream }).then(drain))
      assert.equal(err.status, 502)
      assert.equal(err.code, 'invalid_tool_call')
      assert.match(err.message, /unknown_tool: '\w+' is not a declared function \(declared: get_weather\)/)
    })

    it(`reject (${how}): arguments that break the schema name the tool and the schema path`, async () => {
      const err = await rejected(gw.client.chat.completions.create({ ...ask('strict', 'fake:invalid-tool-args missing-required weather in Paris'), stream }).then(drain))
      assert.equal(err.status, 502)
      assert.match(err.message, /the arguments of 'get_weather' at '\/(city|unit)' is required \(schema path #\/required\)/)
    })

    it(`retry (${how}): a malformed call asked for again comes back valid, counted as repaired`, async () => {
      const before = await gw.metricsText()
      const params = { ...ask('mended', 'fake:malformed-tool-args once weather in Paris') }
      const calls = stream ? await streamedCalls(gw, params) : (await gw.client.chat.completions.create(params)).choices[0]!.message.tool_calls!
      const call = calls[0]!
      assert.equal(call.type === 'function' && call.function.name, 'get_weather')
      const args: unknown = JSON.parse(call.type === 'function' ? call.function.arguments : '')
      assert.ok(typeof args === 'object' && args !== null && 'city' in args && 'unit' in args)
      const after = await gw.metricsText()
      const delta = (name: string, labels: Record<string, string>) => metric(after, name, labels) - metric(before, name, labels)
      assert.equal(delta('switchyard_validation_retries_total', { route: 'mended' }), 1)
      assert.equal(delta('switchyard_tool_calls_total', { route: 'mended', result: 'invalid_json' }), 1)
      assert.equal(delta('switchyard_tool_calls_total', { route: 'mended', result: 'repaired' }), 1)
    })

    it(`retry (${how}): structured output that breaks its schema is asked for again and parses`, async () => {
      const params = { model: 'mended', messages: [{ role: 'user' as const, content: 'fake:invalid-json wrong-type once report on Paris' }], response_format: REPORT }
      const content = stream ? await streamedText(gw, params) : (await gw.client.chat.completions.create(params)).choices[0]!.message.content
      const report: unknown = JSON.parse(content ?? '')
      assert.ok(typeof report === 'object' && report !== null && 'city' in report && 'temperature' in report && typeof report.temperature === 'number')
    })
  }

  it('retry: a fault the model repeats gives up after the tries with the named error', async () => {
    const err = await rejected(gw.client.chat.completions.create(ask('mended', 'fake:invalid-tool-args wrong-type weather in Paris')))
    assert.equal(err.status, 502)
    assert.equal(err.code, 'invalid_tool_call')
    assert.match(err.message, /invalid after 2 tries: tool call schema_mismatch: the arguments of 'get_weather'/)
  })

  it('reject: JSON content that does not parse is a 502 invalid_structured_output', async () => {
    const err = await rejected(gw.client.chat.completions.create({ model: 'strict', messages: [{ role: 'user', content: 'fake:malformed-json report on Paris' }], response_format: REPORT }))
    assert.equal(err.status, 502)
    assert.equal(err.code, 'invalid_structured_output')
    assert.match(err.message, /output invalid_json: the content is not JSON/)
  })

  it('off: nothing is checked, the invalid call goes out without a header', async () => {
    const { response } = await gw.client.chat.completions.create(ask('unchecked', 'fake:unknown-tool weather')).withResponse()
    assert.equal(response.headers.get('x-switchyard-tool-validation'), null)
  })

  it('the Responses door: retry mends a streamed call, reject refuses an undeclared one', async () => {
    const tool = { type: 'function' as const, name: 'get_weather', parameters: WEATHER.function.parameters ?? null, strict: false }
    const stream = await gw.client.responses.create({ model: 'mended', input: 'fake:invalid-tool-args wrong-type once weather in Paris', tools: [tool], tool_choice: 'required', stream: true })
    let done: unknown
    for await (const event of stream) if (event.type === 'response.function_call_arguments.done') done = JSON.parse(event.arguments)
    assert.ok(typeof done === 'object' && done !== null && 'city' in done && typeof done.city === 'string')
    const err = await rejected(gw.client.responses.create({ model: 'strict', input: 'fake:unknown-tool weather', tools: [tool], tool_choice: 'required' }))
    assert.equal(err.status, 502)
    assert.match(err.message, /unknown_tool/)
  })

  it('the Messages door (Anthropic SDK): retry mends a call, reject answers in Anthropic\'s error shape', async () => {
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'client-key', maxRetries: 0 })
    const tools = [{ name: 'get_weather', input_schema: { ...WEATHER.function.parameters, type: 'object' as const } }]
    const mended = await client.messages.create({ model: 'mended', max_tokens: 200, messages: [{ role: 'user', content: 'fake:invalid-tool-args bad-enum once weather in Paris' }], tools, tool_choice: { type: 'any' } })
    const use = mended.content.find((block) => block.type === 'tool_use')
    assert.ok(use !== undefined && typeof use.input === 'object' && use.input !== null && 'unit' in use.input && ['celsius', 'fahrenheit'].includes(String(use.input.unit)))
    await assert.rejects(
      client.messages.create({ model: 'strict', max_tokens: 200, messages: [{ role: 'user', content: 'fake:invalid-tool-args bad-enum weather in Paris' }], tools, tool_choice: { type: 'any' } }),
      (err: unknown) => err instanceof Anthropic.APIError && err.status === 502 && /at '\/unit' must be one of/.test(err.message),
    )
  })

  it('/v1/models says how each model\'s tool calls and structured outputs are checked', async () => {
    const list = (await (await fetch(`${gw.url}/v1/models`)).json()) as { data: { id: string; switchyard: { validation: unknown } }[] }
    const of = (id: string) => list.data.find((m) => m.id === id)?.switchyard.validation
    assert.deepEqual(of('strict'), { policy: 'reject', retries: 1, structured_outputs: 'native', tool_calls: 'validated' })
    assert.deepEqual(of('unchecked'), { policy: 'off', retries: 1, structured_outputs: 'native', tool_calls: 'unchecked' })
    assert.deepEqual(of('fake/echo-1'), { policy: 'annotate', retries: 1, structured_outputs: 'native', tool_calls: 'validated' })
  })

  it('an invalid schema in the request is a 400 naming the tool', async () => {
    const broken: ChatCompletionTool = { type: 'function', function: { name: 'broken', parameters: { type: 'object', properties: { a: { type: 'nonsense' } } } } }
    const err = await rejected(gw.client.chat.completions.create({ model: 'strict', messages: [{ role: 'user', content: 'hi' }], tools: [WEATHER, broken] }))
    assert.equal(err.status, 400)
    assert.match(err.message, /The parameters schema of tool 'broken' \(tools\[1\]\) is not a valid JSON Schema/)
  })
})

async function drain(result: unknown): Promise<void> {
  if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result) {
    for await (const _ of result as AsyncIterable<unknown>) void _
  }
}

type Params = Parameters<TestGateway['client']['chat']['completions']['create']>[0]

async function streamedCalls(gw: TestGateway, params: Params) {
  const runner = gw.client.chat.completions.stream({ ...params, stream: true })
  const done = await runner.finalChatCompletion()
  return done.choices[0]!.message.tool_calls ?? []
}

async function streamedText(gw: TestGateway, params: Params): Promise<string | null> {
  const runner = gw.client.chat.completions.stream({ ...params, stream: true })
  return (await runner.finalChatCompletion()).choices[0]!.message.content
}
