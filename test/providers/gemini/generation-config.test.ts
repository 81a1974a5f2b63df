import { test } from 'node:test'
import assert from 'node:assert/strict'
import { geminiAdapter } from '../../../src/providers/gemini/index.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import type { ChatRequest } from '../../../src/canonical/chat.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { chatRequest, geminiContext } from './context.js'

async function bodyOf(req: ChatRequest, ctx = geminiContext()): Promise<Record<string, unknown>> {
  const upstream = await geminiAdapter.buildRequest(req, ctx)
  return JSON.parse(upstream.body as string) as Record<string, unknown>
}

const weatherTool = {
  name: 'get_current_weather',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
}

test('generationConfig carries every supported sampling parameter', async () => {
  const body = await bodyOf(
    chatRequest({
      params: { temperature: 0, topP: 1, maxTokens: 50, stop: ['x', 'y'], seed: 7, presencePenalty: 0.5, frequencyPenalty: -0.5, logprobs: true, topLogprobs: 3 },
    }),
  )
  assert.deepEqual(body.generationConfig, {
    temperature: 0,
    topP: 1,
    maxOutputTokens: 50,
    stopSequences: ['x', 'y'],
    seed: 7,
    presencePenalty: 0.5,
    frequencyPenalty: -0.5,
    responseLogprobs: true,
    logprobs: 3,
  })
})

test('user, logit_bias, n > 1 and parallel_tool_calls=false are refused by name', async () => {
  const cases: Array<[Partial<ChatRequest>, string]> = [
    [{ params: { user: 'u1' } }, 'user'],
    [{ params: { logitBias: { '50256': -100 } } }, 'logit_bias'],
    [{ params: { n: 2 } }, 'n'],
    [{ tools: [weatherTool], parallelToolCalls: false }, 'parallel_tool_calls'],
  ]
  for (const [overrides, param] of cases) {
    await assert.rejects(
      async () => bodyOf(chatRequest(overrides)),
      (err: unknown) => err instanceof GatewayError && err.detail.param === param && err.message.includes("'google-ai'"),
      param,
    )
  }
})

test('with drop_params the refused parameters are dropped and recorded', async () => {
  const ctx = geminiContext({}, true)
  const body = await bodyOf(chatRequest({ params: { user: 'u1', n: 3, temperature: 1 } }), ctx)
  assert.deepEqual(body.generationConfig, { temperature: 1 })
  assert.deepEqual(ctx.dropped, ['n', 'user'])
})

test('response_format: json_object and json_schema (full JSON Schema via responseJsonSchema)', async () => {
  const objectBody = await bodyOf(chatRequest({ responseFormat: { type: 'json_object' } }))
  assert.deepEqual(objectBody.generationConfig, { responseMimeType: 'application/json' })

  // The shape of generate-content-request-json-schema.json, written as the JSON Schema an
  // OpenAI client sends. responseSchema would need Google's OpenAPI subset (upper-case types).
  const schema = {
    type: 'array',
    items: {
      type: 'object',
      properties: { recipeName: { type: 'string' }, ingredients: { type: 'array', items: { type: 'string' } } },
      required: ['recipeName', 'ingredients'],
      additionalProperties: false,
    },
  }
  const schemaBody = await bodyOf(chatRequest({ responseFormat: { type: 'json_schema', name: 'recipes', schema, strict: true } }))
  const fixture = fixtureJson<{ generationConfig: { responseMimeType: string } }>('gemini', 'generate-content-request-json-schema.json')
  assert.deepEqual(schemaBody.generationConfig, { responseMimeType: fixture.generationConfig.responseMimeType, responseJsonSchema: schema })
})

test('tool_choice maps to functionCallingConfig modes', async () => {
  const modes: Array<[ChatRequest['toolChoice'], unknown]> = [
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [{ name: 'get_current_weather' }, { mode: 'ANY', allowedFunctionNames: ['get_current_weather'] }],
  ]
  for (const [toolChoice, config] of modes) {
    const body = await bodyOf(chatRequest({ tools: [weatherTool], toolChoice }))
    assert.deepEqual(body.toolConfig, { functionCallingConfig: config })
  }
})

test('tool schemas lose the JSON Schema keys Gemini rejects', async () => {
  const body = await bodyOf(
    chatRequest({
      tools: [
        {
          name: 'search',
          parameters: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties: { q: { type: 'string', minLength: 1 }, kind: { const: 'web' } },
            required: ['q'],
            additionalProperties: false,
          },
        },
        { name: 'ping', parameters: { type: 'object', properties: {} } },
      ],
    }),
  )
  assert.deepEqual(body.tools, [
    {
      functionDeclarations: [
        {
          name: 'search',
          parameters: { type: 'object', properties: { q: { type: 'string', minLength: 1 }, kind: { enum: ['web'] } }, required: ['q'] },
        },
        { name: 'ping' },
      ],
    },
  ])
})

test('reasoning_effort: thinking budget on 2.5, thinking level on 3, refused elsewhere', async () => {
  const budget = await bodyOf(chatRequest({ model: 'gemini-2.5-flash', reasoning: { effort: 'medium' } }))
  assert.deepEqual(budget.generationConfig, { thinkingConfig: { thinkingBudget: 8192 } })
  const level = await bodyOf(chatRequest({ model: 'gemini-3-pro-preview', reasoning: { effort: 'low' } }))
  assert.deepEqual(level.generationConfig, { thinkingConfig: { thinkingLevel: 'low' } })
  await assert.rejects(
    async () => bodyOf(chatRequest({ model: 'gemini-2.0-flash', reasoning: { effort: 'high' } })),
    (err: unknown) => err instanceof GatewayError && err.detail.param === 'reasoning_effort',
  )
  const thoughts = await bodyOf(chatRequest({ model: 'gemini-2.5-pro' }), geminiContext({ options: { include_thoughts: true } }))
  assert.deepEqual(thoughts.generationConfig, { thinkingConfig: { includeThoughts: true } })
})

test('a thinking budget (Anthropic’s budget_tokens) is thinkingBudget on thinking models, refused on others; top_k is topK', async () => {
  const thinking = await bodyOf(chatRequest({ model: 'gemini-2.5-flash', reasoning: { budgetTokens: 2048 }, params: { topK: 40 } }))
  assert.deepEqual(thinking.generationConfig, { topK: 40, thinkingConfig: { thinkingBudget: 2048 } })
  await assert.rejects(async () => bodyOf(chatRequest({ model: 'gemini-2.0-flash', reasoning: { budgetTokens: 2048 } })), (err: unknown) => err instanceof GatewayError && err.detail.param === 'thinking')
})
