/**
 * Clients built on the Responses API, pointed at Switchyard by their base URL only: the AI SDK's
 * default OpenAI provider (`openai(model)` calls /v1/responses) and the OpenAI Agents SDK. Behind
 * the gateway, a chat-only upstream replays OpenAI's recorded chat answers, so every request is
 * translated: tool calls over several steps, streaming, structured output, and an agent's two
 * turns (the second continuing the first by previous_response_id).
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createOpenAI } from '@ai-sdk/openai'
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai'
import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool as agentTool } from '@openai/agents'
import { z } from 'zod'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'

interface ChatBody {
  stream?: boolean
  tools?: unknown[]
  response_format?: { type: string }
  messages: { role: string }[]
}

function chatAnswer(req: ReceivedRequest): ReplayAnswer {
  const body = req.json() as ChatBody
  const kind = body.messages.at(-1)?.role === 'tool' ? 'basic' : body.tools !== undefined ? 'tool-call' : body.response_format?.type === 'json_schema' ? 'json-schema' : 'basic'
  if (body.stream === true) return { headers: { 'content-type': 'text/event-stream' }, body: fixtureBytes('openai', kind === 'basic' ? 'chat-stream-include-usage.sse' : `chat-stream-${kind}.sse`), split: 'frames' }
  return { headers: { 'content-type': 'application/json' }, body: fixtureBytes('openai', `chat-response-${kind}.json`) }
}

describe('Responses clients through Switchyard (translated to a chat-only upstream)', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway

  before(async () => {
    upstream = await startReplayUpstream(chatAnswer)
    gw = await startTestGateway(`
providers:
  chat: { kind: openai, base_url: "${upstream.url}/v1", api_key: sk-up }
models:
  gpt-4o: chat/gpt-4o-2024-08-06
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  const chatRequests = () => upstream.received.map((r) => r.json() as ChatBody)

  describe('the AI SDK (@ai-sdk/openai, default provider = Responses API)', () => {
    const provider = () => createOpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'client-key' })
    const weather = tool({
      description: 'Weather in a city',
      inputSchema: z.object({ city: z.string(), state: z.string().optional() }),
      execute: async ({ city }) => ({ city, temperature: 65 }),
    })

    it('generateText with a tool over several steps', async () => {
      const seen = upstream.received.length
      const calls: string[] = []
      const result = await generateText({
        model: provider()('gpt-4o'),
        prompt: 'What is the weather in San Francisco?',
        tools: { get_weather: weather },
        stopWhen: stepCountIs(3),
        onStepFinish: (step) => void calls.push(...step.toolCalls.map((c) => c.toolName)),
      })
      assert.deepEqual(calls, ['get_weather'])
      assert.equal(result.steps.length, 2)
      assert.ok(result.text.length > 0)
      const second = chatRequests().slice(seen)[1]!
      assert.deepEqual(second.messages.map((m) => m.role), ['user', 'assistant', 'tool'])
    })

    it('streamText', async () => {
      const result = streamText({ model: provider()('gpt-4o'), prompt: 'Invent a holiday' })
      let text = ''
      for await (const delta of result.textStream) text += delta
      assert.ok(text.length > 0)
      assert.equal(await result.finishReason, 'stop')
      assert.ok(((await result.usage).outputTokens ?? 0) > 0)
    })

    it('streamText with a tool over several steps', async () => {
      const result = streamText({ model: provider()('gpt-4o'), prompt: 'Weather in SF?', tools: { get_weather: weather }, stopWhen: stepCountIs(3) })
      let text = ''
      for await (const delta of result.textStream) text += delta
      const steps = await result.steps
      assert.equal(steps.length, 2)
      assert.equal(steps[0]!.toolCalls[0]?.toolName, 'get_weather')
      assert.ok(text.length > 0)
    })

    it('generateObject', async () => {
      const { object } = await generateObject({
        model: provider()('gpt-4o'),
        schema: z.object({ city: z.string(), temperature: z.number(), units: z.enum(['c', 'f']) }),
        prompt: 'Weather in SF as JSON',
      })
      assert.deepEqual(object, { city: 'San Francisco', temperature: 65, units: 'f' })
      const last = chatRequests().at(-1)!
      assert.equal(last.response_format?.type, 'json_schema')
    })
  })

  describe('the OpenAI Agents SDK (@openai/agents)', () => {
    it('runs an agent with one function tool for two turns', async () => {
      setTracingDisabled(true)
      // The Agents SDK brings its own openai client (v7); it is configured by base URL and key.
      const runner = new Runner({ modelProvider: new OpenAIProvider({ baseURL: `${gw.url}/v1`, apiKey: 'client-key', useResponses: true }) })
      const toolCalls: string[] = []
      const getWeather = agentTool({
        name: 'get_weather',
        description: 'Weather in a city',
        parameters: z.object({ city: z.string(), state: z.string().nullable() }),
        execute: async ({ city }) => {
          toolCalls.push(city)
          return `It is 65F in ${city}.`
        },
      })
      const agent = new Agent({ name: 'Weather', instructions: 'Answer with the weather.', model: 'gpt-4o', tools: [getWeather] })
      const first = await runner.run(agent, 'What is the weather in San Francisco?')
      assert.deepEqual(toolCalls, ['San Francisco'])
      assert.ok(typeof first.finalOutput === 'string' && first.finalOutput.length > 0)
      const seen = upstream.received.length
      const second = await runner.run(agent, 'Thanks! And tomorrow?', { previousResponseId: first.lastResponseId })
      assert.ok(typeof second.finalOutput === 'string' && second.finalOutput.length > 0)
      // The second turn reached the upstream with the first turn's conversation rebuilt from the store.
      const roles = (upstream.received[seen]!.json() as ChatBody).messages.map((m) => m.role)
      assert.deepEqual(roles.slice(0, 5), ['system', 'user', 'assistant', 'tool', 'assistant'])
      assert.equal(roles.at(-1), 'user')
    })
  })
})
