/**
 * Reasoning normalised across kinds, through the official openai SDK: `reasoning_effort`
 * arrives as each provider's own control (checked on the upstream side), thinking comes back
 * as `reasoning_content` (and, with its signature, `reasoning_details`), and a two-turn tool
 * loop with thinking on reaches Anthropic with the signed thinking block sent back verbatim
 * (the recorded pydantic-ai exchange: messages-stream-thinking-tool-use.sse, then
 * messages-request-thinking-tool-result-replay.json).
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const SSE = { 'content-type': 'text/event-stream; charset=utf-8' }
const JSON_CT = { 'content-type': 'application/json' }
const NDJSON = { 'content-type': 'application/x-ndjson' }
const tool = {
  type: 'function' as const,
  function: { name: 'get_temperature', description: '', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } },
}

type Json = Record<string, unknown>
interface Detail {
  type: string
  text?: string
  signature?: string
  data?: string
  format: string
  index: number
}

function answerFor(req: ReceivedRequest): ReplayAnswer {
  const body = req.json() as Json
  if (req.path === '/v1/messages') {
    const turns = (body.messages as unknown[]).length
    if (turns > 1 && body.stream === true) return { body: fixtureBytes('anthropic-messages', 'messages-stream-after-tool-result.sse'), headers: SSE, split: 'frames' }
    if (body.stream === true) return { body: fixtureBytes('anthropic-messages', 'messages-stream-thinking-tool-use.sse'), headers: SSE, split: 'frames' }
    return { body: fixtureBytes('anthropic-messages', 'messages-nonstream-redacted-thinking.json'), headers: JSON_CT }
  }
  if (req.path.includes('/converse')) return { body: fixtureBytes('bedrock', 'converse-response-reasoning.json'), headers: JSON_CT }
  if (req.path.includes(':generateContent')) return { body: fixtureBytes('gemini', 'generate-content-response-text.json'), headers: JSON_CT }
  if (req.path === '/api/chat') return { body: fixtureBytes('ollama', 'chat-response.json'), headers: NDJSON }
  return { status: 404, body: '{}' }
}

describe('reasoning across kinds', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(answerFor)
    gw = await startInProcessGateway(`
providers:
  claude: { kind: anthropic, base_url: ${upstream.url}, api_key: k }
  aws: { kind: bedrock, base_url: ${upstream.url}, region: us-east-1, api_key: k }
  google: { kind: gemini, base_url: ${upstream.url}, api_key: k }
  local: { kind: ollama, base_url: ${upstream.url} }
models:
  sonnet: claude/claude-sonnet-4-5
  opus: claude/claude-opus-4-6
  old-claude: claude/claude-3-5-haiku-20241022
  bedrock-claude: aws/us.anthropic.claude-sonnet-4-5-20250929-v1:0
  flash: google/gemini-2.5-flash
  gemini3: google/gemini-3-pro-preview
  qwen: local/qwen3
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  const lastBody = (): Json => upstream.received.at(-1)!.json() as Json

  it('anthropic: a two-turn tool loop with thinking on sends the signed thinking back unchanged', async () => {
    const recordedFirst = fixtureJson<Json>('anthropic-messages', 'messages-stream-thinking-tool-use.request.json')
    const recordedReplay = fixtureJson<{ messages: Json[] }>('anthropic-messages', 'messages-request-thinking-tool-result-replay.json')
    const ask: ChatCompletionMessageParam = { role: 'user', content: 'How warm is it in Utrecht? Use the tool, then answer.' }
    const stream = await gw.client.chat.completions.create({ model: 'sonnet', messages: [ask], tools: [tool], max_tokens: 4096, reasoning_effort: 'low', stream: true })
    let reasoning = ''
    const details: Detail[] = []
    let call: { id: string; name: string; arguments: string } | undefined
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      const delta = chunk.choices[0]?.delta as (ChatCompletionChunk.Choice.Delta & { reasoning_content?: string; reasoning_details?: Detail[] }) | undefined
      reasoning += delta?.reasoning_content ?? ''
      details.push(...(delta?.reasoning_details ?? []))
      for (const tc of delta?.tool_calls ?? []) {
        if (tc.id !== undefined) call = { id: tc.id, name: tc.function?.name ?? '', arguments: '' }
        if (call !== undefined) call.arguments += tc.function?.arguments ?? ''
      }
    }
    // reasoning_effort "low" is the recorded request's thinking budget.
    assert.deepEqual(lastBody().thinking, recordedFirst.thinking)
    const thinking = recordedReplay.messages[1]!.content as Json[]
    assert.equal(reasoning, thinking[0]!.thinking)
    assert.deepEqual(details, [{ type: 'reasoning.text', text: thinking[0]!.thinking, signature: thinking[0]!.signature, format: 'anthropic-claude-v1', index: 0 }])
    assert.ok(call !== undefined)

    const second = await gw.client.chat.completions.create({
      model: 'sonnet',
      stream: true,
      max_tokens: 4096,
      reasoning_effort: 'low',
      tools: [tool],
      messages: [
        ask,
        // What an app keeps of the assistant turn: tool calls and reasoning_details as received.
        { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }], reasoning_details: details } as ChatCompletionMessageParam,
        { role: 'tool', tool_call_id: call.id, content: '18°C' },
      ],
    })
    let text = ''
    for await (const chunk of second) text += chunk.choices[0]?.delta.content ?? ''
    assert.match(text, /18/)
    const sent = lastBody() as { messages: Json[] }
    assert.deepEqual(sent.messages[1], recordedReplay.messages[1])
  })

  it('anthropic: redacted thinking comes back as reasoning.encrypted, not as text', async () => {
    const recorded = fixtureJson<{ content: Json[] }>('anthropic-messages', 'messages-nonstream-redacted-thinking.json')
    const answer = await gw.client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'medium' })
    assert.deepEqual(lastBody().thinking, { type: 'enabled', budget_tokens: 8192 })
    const message = answer.choices[0]!.message as typeof answer.choices[0]['message'] & { reasoning_details?: Detail[] }
    const redacted = recorded.content.filter((b) => b.type === 'redacted_thinking').map((b) => b.data)
    assert.deepEqual(
      message.reasoning_details?.filter((d) => d.type === 'reasoning.encrypted').map((d) => d.data),
      redacted,
    )
  })

  it('anthropic: Opus 4.6 gets adaptive thinking and output_config.effort; an old model refuses reasoning_effort by name', async () => {
    await gw.client.chat.completions.create({ model: 'opus', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'high' })
    assert.deepEqual(lastBody().thinking, { type: 'adaptive' })
    assert.deepEqual(lastBody().output_config, { effort: 'high' })
    const err = await gw.client.chat.completions.create({ model: 'old-claude', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'high' }).catch((e: unknown) => e)
    assert.ok(err instanceof Error && 'status' in err && err.status === 400)
    assert.match(err.message, /reasoning_effort/)
  })

  it('bedrock: Claude thinking in additionalModelRequestFields; the signed reasoning comes back with format bedrock', async () => {
    const recorded = fixtureJson<{ output: { message: { content: { reasoningContent?: { reasoningText: { text: string; signature: string } } }[] } } }>('bedrock', 'converse-response-reasoning.json')
    const answer = await gw.client.chat.completions.create({ model: 'bedrock-claude', messages: [{ role: 'user', content: 'How many r in strawberry?' }], reasoning_effort: 'low', max_tokens: 2000 })
    assert.deepEqual(lastBody().additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 1024 } })
    const block = recorded.output.message.content[0]!.reasoningContent!.reasoningText
    const message = answer.choices[0]!.message as typeof answer.choices[0]['message'] & { reasoning_content?: string; reasoning_details?: Detail[] }
    assert.equal(message.reasoning_content, block.text)
    assert.deepEqual(message.reasoning_details, [{ type: 'reasoning.text', text: block.text, signature: block.signature, format: 'bedrock', index: 0 }])
    // Sent back on the next turn, the signed block reaches Converse as Bedrock's own reasoningContent, first in the turn;
    // the same details on an Anthropic route are left out (a Bedrock signature is valid nowhere else).
    const turn = [
      { role: 'user', content: 'How many r in strawberry?' },
      { role: 'assistant', content: message.content, reasoning_details: message.reasoning_details },
      { role: 'user', content: 'And in raspberry?' },
    ] as ChatCompletionMessageParam[]
    await gw.client.chat.completions.create({ model: 'bedrock-claude', messages: turn, reasoning_effort: 'low', max_tokens: 2000 })
    const sent = lastBody() as { messages: { content: Json[] }[] }
    assert.deepEqual(sent.messages[1]!.content[0], { reasoningContent: { reasoningText: { text: block.text, signature: block.signature } } })
    await gw.client.chat.completions.create({ model: 'sonnet', messages: turn, max_tokens: 100 })
    const toClaude = lastBody() as { messages: { content: unknown }[] }
    assert.ok(!JSON.stringify(toClaude.messages[1]).includes(block.signature), 'no Bedrock signature reaches Anthropic')
  })

  it('gemini: a thinking budget on 2.5, a thinking level on 3', async () => {
    await gw.client.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'medium' })
    assert.deepEqual((lastBody().generationConfig as Json).thinkingConfig, { thinkingBudget: 8192 })
    await gw.client.chat.completions.create({ model: 'gemini3', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'low' })
    assert.deepEqual((lastBody().generationConfig as Json).thinkingConfig, { thinkingLevel: 'low' })
  })

  it('ollama: think with a level; "none" turns it off', async () => {
    await gw.client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'high' })
    assert.equal(lastBody().think, 'high')
    await gw.client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'none' })
    assert.equal(lastBody().think, false)
  })
})
