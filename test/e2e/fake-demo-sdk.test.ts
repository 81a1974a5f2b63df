/**
 * The `demo` model as a newcomer meets it, through the gateway with the official openai SDK
 * (issues #10 and #14): runTools runs a real function-tool loop, chat.completions.parse and
 * .stream parse zod structured outputs, tool_choice "required" gets a call, /v1/models says what
 * the fake does, and an absurd max_tokens is refused at once without taking memory.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { zodFunction, zodResponseFormat } from 'openai/helpers/zod'
import { z } from 'zod'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { heapBytesAfterGc } from '../helpers/heap.js'


const Weather = z.object({ city: z.string(), units: z.enum(['celsius', 'fahrenheit']) })
const Report = z.object({
  city: z.string(),
  sky: z.enum(['clear', 'cloudy', 'rain']),
  temperature: z.number().min(-60).max(60),
  observed_at: z.iso.datetime(),
  alerts: z.array(z.object({ level: z.int().min(1).max(5), text: z.string() })).max(3),
  station: z.string().nullable(),
})

describe('the demo model through the gateway, with the openai SDK', () => {
  let gw: TestGateway

  before(async () => {
    gw = await startTestGateway(`
providers:
  fake: { kind: fake, ttft_ms: 5, tokens_per_second: 2000, models: [echo-1] }
models:
  demo: fake/echo-1
`)
    // The first request of a process warms the prompt-token counter; timings below are of warm requests.
    await gw.client.chat.completions.create({ model: 'demo', max_tokens: 2, messages: [{ role: 'user', content: 'warm up' }] })
  })
  after(async () => {
    await gw.close()
  })

  for (const stream of [false, true]) {
    it(`runTools${stream ? ' (streamed)' : ''}: the model calls the function, gets its result, and answers in text that reports it`, async () => {
      const calls: z.infer<typeof Weather>[] = []
      const getWeather = zodFunction({
        name: 'get_weather',
        description: 'The current weather in a city',
        parameters: Weather,
        function: (args) => {
          calls.push(args)
          return { city: args.city, temperature: 21, conditions: 'sunny' }
        },
      })
      const params = { model: 'demo', messages: [{ role: 'user' as const, content: "What's the weather in Paris?" }], tools: [getWeather] }
      const runner = stream ? gw.client.chat.completions.runTools({ ...params, stream: true }) : gw.client.chat.completions.runTools(params)
      const content = await runner.finalContent()
      assert.equal(calls.length, 1, 'the function ran once')
      assert.equal(calls[0].city, 'Paris')
      assert.match(content ?? '', /^get_weather returned \{"city":"Paris","temperature":21,"conditions":"sunny"\}\. /)
      const messages = runner.messages
      assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant'])
      const completions = await runner.allChatCompletions()
      assert.deepEqual(completions.map((c) => c.choices[0].finish_reason), ['tool_calls', 'stop'])
    })

    it(`chat.completions.${stream ? 'stream' : 'parse'} with a zod schema: the parsed object passes zod`, async () => {
      const params = {
        model: 'demo',
        messages: [{ role: 'user' as const, content: 'Report the weather in Berlin and Oslo' }],
        response_format: zodResponseFormat(Report, 'weather_report'),
      }
      const completion = stream ? await gw.client.chat.completions.stream(params).finalChatCompletion() : await gw.client.chat.completions.parse(params)
      const message = completion.choices[0].message
      assert.equal(completion.choices[0].finish_reason, 'stop')
      assert.ok(message.parsed !== null, `not parsed: ${message.content}`)
      assert.deepEqual(Report.parse(message.parsed), message.parsed)
      assert.ok(['Berlin', 'Oslo'].includes(message.parsed.city))
    })
  }

  it('tool_choice "required" gets a call and finish_reason tool_calls', async () => {
    const res = await gw.client.chat.completions.create({
      model: 'demo',
      messages: [{ role: 'user', content: 'Hello there' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }],
      tool_choice: 'required',
    })
    assert.equal(res.choices[0].finish_reason, 'tool_calls')
    const call = res.choices[0].message.tool_calls?.[0]
    assert.ok(call?.type === 'function')
    assert.equal(call.function.name, 'lookup')
    assert.equal(typeof (JSON.parse(call.function.arguments) as { q: unknown }).q, 'string')
  })

  it('/v1/models says what the demo model does, its output cap included', async () => {
    const model = (await (await fetch(`${gw.url}/v1/models/demo`)).json()) as { switchyard: { capabilities: Record<string, unknown> } }
    assert.deepEqual(model.switchyard.capabilities, { streaming: true, tools: true, vision: true, json_schema: true, embeddings: true, context_window: 131072, max_output_tokens: 16384 })
  })

  for (const stream of [false, true]) {
    it(`max_tokens 99999999999${stream ? ' (streamed)' : ''}: a 400 naming max_tokens and the cap, at once, with a flat heap`, async (t) => {
      const heap = heapBytesAfterGc()
      const t0 = performance.now()
      const err = await gw.client.chat.completions.create({ model: 'demo', max_tokens: 99999999999, stream, messages: [{ role: 'user', content: 'hi' }] }).then(
        () => assert.fail('expected a 400'),
        (e: unknown) => e,
      )
      const took = performance.now() - t0
      t.diagnostic(`refused in ${took.toFixed(1)} ms`)
      assert.ok(err instanceof APIError, String(err))
      assert.equal(err.status, 400)
      assert.equal(err.param, 'max_tokens')
      assert.match(err.message, /max_tokens is too large: 99999999999\. This model supports at most 16384 completion tokens/)
      // Before: a minute of a blocked event loop and 3 GB, then a 500.
      assert.ok(took < 1000, `took ${took.toFixed(0)} ms`)
      assert.ok(heapBytesAfterGc() - heap < 16 * 2 ** 20, 'the heap stayed flat')
    })
  }
})
