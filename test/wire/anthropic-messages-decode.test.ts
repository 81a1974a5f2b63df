/**
 * The Messages request decoder on recorded requests (fixtures/anthropic-messages/, anthropic/):
 * what becomes canonical, what is listed as untranslatable, and the signature origins; the
 * passthrough body's edit of the JSON text; the model list pages.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage } from '../../src/canonical/chat.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { createMessagesDecoders } from '../../src/wire/anthropic-messages/decode-request.js'
import { messagesModel, modelPage } from '../../src/wire/anthropic-messages/model-list.js'
import { messagesPassthroughBody } from '../../src/wire/anthropic-messages/passthrough-body.js'
import { markSignature, readSignature } from '../../src/wire/anthropic-messages/signature.js'
import { withMember } from '../../src/wire/json-text.js'
import { RequestSchemas } from '../../src/wire/validate.js'
import { fixtureJson, fixtureText } from '../helpers/fixtures.js'

const decoders = createMessagesDecoders(new RequestSchemas())
const decode = (body: unknown) => decoders.messages(body)

test('a parallel tool loop: two tool_results in one user turn become two tool messages, in order', () => {
  const { request, untranslatable } = decode(fixtureJson('anthropic-messages', 'messages-request-parallel-tool-results.json'))
  assert.deepEqual(untranslatable, [])
  const roles = request.messages.map((m) => m.role)
  assert.deepEqual(roles, ['user', 'assistant', 'tool', 'tool'])
  const assistant = request.messages[1] as Extract<ChatMessage, { role: 'assistant' }>
  assert.equal(assistant.toolCalls?.length, 2)
  for (const [i, m] of request.messages.slice(2).entries()) assert.equal((m as Extract<ChatMessage, { role: 'tool' }>).toolCallId, assistant.toolCalls![i]!.id)
  assert.equal(request.params.temperature, 1)
  assert.equal(request.stream, true)
  assert.equal(request.includeUsage, true)
})

test('a replayed signed thinking block is Anthropic’s own (origin anthropic, signature kept); the budget becomes a reasoning request', () => {
  const body = fixtureJson<{ messages: { content: { signature?: string }[] }[] }>('anthropic-messages', 'messages-request-thinking-tool-result-replay.exact.json')
  const { request } = decode(body)
  const assistant = request.messages[1] as Extract<ChatMessage, { role: 'assistant' }>
  assert.deepEqual(assistant.reasoning, [{ text: assistant.reasoning![0]!.text, origin: 'anthropic', signature: body.messages[1]!.content[0]!.signature }])
  assert.deepEqual(assistant.toolCalls, [{ id: 'toolu_01825dXWLSoJwCst1qTsiWdb', name: 'fixed_version', arguments: '{}' }])
  assert.deepEqual(request.messages[2], { role: 'tool', toolCallId: 'toolu_01825dXWLSoJwCst1qTsiWdb', content: '0.32a0' })
  assert.deepEqual(request.reasoning, { budgetTokens: 1024 })
})

test('redacted thinking keeps its data; a marked signature reads back with its origin, without the mark', () => {
  const { request } = decode(fixtureJson('anthropic-messages', 'messages-request-redacted-thinking-replay.json'))
  const assistant = request.messages[1] as Extract<ChatMessage, { role: 'assistant' }>
  assert.ok(assistant.reasoning!.every((b) => b.origin === 'anthropic' && b.redacted !== undefined && b.redacted.length > 100))
  const marked = decode({
    model: 'm',
    max_tokens: 10,
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: markSignature('bedrock', 'EqoB') }, { type: 'redacted_thinking', data: markSignature('openai', 'gAAAA') }, { type: 'thinking', thinking: 'x', signature: 'switchyard:openai:' }, { type: 'text', text: 'ok' }] },
    ],
  })
  assert.deepEqual((marked.request.messages[1] as Extract<ChatMessage, { role: 'assistant' }>).reasoning, [
    { text: 'hm', origin: 'bedrock', signature: 'EqoB' },
    { text: '', redacted: 'gAAAA', origin: 'openai' },
    { text: 'x', origin: 'openai' },
  ])
  assert.deepEqual(readSignature('EqoBCkYIAx'), { origin: 'anthropic', data: 'EqoBCkYIAx' })
  assert.equal(markSignature('anthropic', 'EqoB'), 'EqoB', 'Anthropic’s own signatures go out unmarked')
})

test('images, documents (base64 PDF in a tool result), system blocks with cache breakpoints, a mid-conversation system message', () => {
  const image = decode(fixtureJson('anthropic-messages', 'messages-request-image-base64.json')).request.messages[0]!
  assert.ok(typeof image.content !== 'string' && image.content?.[0]?.type === 'image' && image.content[0].url.startsWith('data:image/png;base64,'))
  const doc = decode(fixtureJson('anthropic-messages', 'messages-request-tool-result-document.json')).request
  const result = doc.messages.find((m) => m.role === 'tool') as Extract<ChatMessage, { role: 'tool' }>
  assert.ok(Array.isArray(result.content) && result.content[0]?.type === 'document' && result.content[0].source.kind === 'base64')
  assert.equal(result.isError, undefined)
  const cached = decode(fixtureJson('anthropic-messages', 'messages-request-cache-control-mid-conversation-system.json'))
  assert.deepEqual(cached.untranslatable, [])
  const system = cached.request.messages.filter((m) => m.role === 'system')
  assert.ok(system.length >= 1)
  assert.ok(cached.request.messages.findIndex((m) => m.role === 'system' && Array.isArray(m.content) && m.content.some((p) => p.cache !== undefined)) > 0, 'the system message inside messages stays in place, cache breakpoint kept')
})

test('Claude Code’s request decodes without anything untranslatable (advisory fields left to the native upstream)', () => {
  const body = fixtureJson<Record<string, unknown>>('anthropic-messages', 'messages-request-claude-code.json')
  const claudeCode2 = { ...body, thinking: { type: 'adaptive', display: 'omitted' }, context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] }, output_config: { effort: 'medium' } }
  const { request, untranslatable } = decode(claudeCode2)
  assert.deepEqual(untranslatable, [])
  assert.equal(request.tools?.length, 16)
  assert.equal(request.reasoning, undefined, 'adaptive thinking and effort leave reasoning to the model')
  assert.equal(request.params.user, undefined)
})

test('what the canonical model cannot carry is listed with its path: server tools and their blocks, unknown fields, file sources', () => {
  const { untranslatable, request } = decode({
    model: 'm',
    max_tokens: 10,
    container: 'c1',
    tools: [{ name: 'ok', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
    messages: [
      { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }, { type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [{ type: 'server_tool_use', id: 's1', name: 'web_search', input: {} }, { type: 'text', text: 'done' }] },
    ],
  })
  assert.deepEqual(untranslatable.map((u) => u.param), ['messages[0].content[0].source', 'messages[1].content[0]', 'tools[1]', 'container'])
  assert.deepEqual(request.tools?.map((t) => t.name), ['ok'])
})

test('deferred tools (tool search) are sent once a tool_reference loaded them', () => {
  const tools = [{ name: 'ToolSearch', input_schema: { type: 'object' } }, { name: 'Later', input_schema: { type: 'object' }, defer_loading: true }]
  const before = decode({ model: 'm', max_tokens: 10, tools, messages: [{ role: 'user', content: 'hi' }] })
  assert.deepEqual(before.request.tools?.map((t) => t.name), ['ToolSearch'])
  const after = decode({
    model: 'm',
    max_tokens: 10,
    tools,
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'ToolSearch', input: { query: 'later' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'tool_reference', tool_name: 'Later' }] }] },
    ],
  })
  assert.deepEqual(after.request.tools?.map((t) => t.name), ['ToolSearch', 'Later'])
})

test('bad bodies are 400s naming the parameter; count_tokens needs no max_tokens', () => {
  const cases: [unknown, string][] = [
    [{ model: 'm', messages: [] }, 'max_tokens'],
    [{ model: 'm', max_tokens: 5, messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
    [{ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'x' }] }] }, 'messages[0].content[0].name'],
    [{ model: 'm', max_tokens: 5, messages: [], tool_choice: { type: 'tool' } }, 'tool_choice.name'],
    [{ model: 'm', max_tokens: 5, messages: [], tools: [{ name: 'a', input_schema: {} }], tool_choice: { type: 'tool', name: 'b' } }, 'tool_choice.name'],
    [{ model: 'm', max_tokens: 5, messages: [], thinking: { type: 'enabled' } }, 'thinking.budget_tokens'],
  ]
  for (const [body, param] of cases) {
    assert.throws(() => decode(body), (e: unknown) => e instanceof GatewayError && e.kind === 'invalid_request' && e.detail.param === param, param)
  }
  assert.equal(decoders.countTokens({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).request.params.maxTokens, undefined)
})

test('the model is replaced on the JSON text: every other byte stays, duplicates and escaped keys included', () => {
  const exact = fixtureText('anthropic-messages', 'messages-request-thinking-tool-result-replay.exact.json')
  const replaced = withMember(exact, 'model', '"other"')
  assert.equal(replaced, exact.replace('"model":"claude-haiku-4-5-20251001"', '"model":"other"'))
  assert.equal(withMember('{"a":{"model":"x"},"model" :\n "y" , "b":[{"model":1}]}', 'model', '"z"'), '{"a":{"model":"x"},"model" :\n "z" , "b":[{"model":1}]}')
  assert.equal(withMember('{"\\u006dodel":"x","model":"y"}', 'model', '"z"'), '{"model":"z"}', 'JSON.parse keeps the last: the duplicate goes, the last takes the value')
  assert.equal(withMember('{"s":"a\\"model\\":1","n":-1.50e+3}', 'model', '"z"'), '{"model":"z","s":"a\\"model\\":1","n":-1.50e+3}')
  assert.equal(withMember('{ }', 'model', '"z"'), '{"model":"z" }')
})

test('the passthrough body strips only thinking blocks another provider signed', () => {
  const text = '{"model":"a","messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"switchyard:gemini:x"},{"type":"text","text":"switchyard: is fine in text"}]}],"max_tokens":1.0}'
  assert.equal(messagesPassthroughBody(text, JSON.parse(text) as Record<string, unknown>, 'b'), '{"model":"b","messages":[{"role":"assistant","content":[{"type":"text","text":"switchyard: is fine in text"}]}],"max_tokens":1}')
  const plain = '{"model":"a","messages":[{"role":"user","content":"\\"switchyard:x\\""}],"max_tokens":1.0}'
  assert.equal(messagesPassthroughBody(plain, JSON.parse(plain) as Record<string, unknown>, 'b'), plain.replace('"a"', '"b"'), 'a mark in user text changes nothing')
})

test('Anthropic’s model list pages: limit, after_id, before_id, has_more and the ids the SDKs follow', () => {
  const models = ['a', 'b', 'c', 'd', 'e'].map((id) => messagesModel(id, 0))
  const q = (o: Record<string, string>) => (name: string) => o[name]
  assert.deepEqual(modelPage(models, q({ limit: '2' })), { data: models.slice(0, 2), has_more: true, first_id: 'a', last_id: 'b' })
  assert.deepEqual(modelPage(models, q({ limit: '2', after_id: 'b' })), { data: models.slice(2, 4), has_more: true, first_id: 'c', last_id: 'd' })
  assert.deepEqual(modelPage(models, q({ limit: '2', after_id: 'd' })), { data: models.slice(4), has_more: false, first_id: 'e', last_id: 'e' })
  assert.deepEqual(modelPage(models, q({ limit: '2', before_id: 'e' })), { data: models.slice(2, 4), has_more: true, first_id: 'c', last_id: 'd' })
  assert.equal(models[0]!.created_at, '1970-01-01T00:00:00.000Z')
  assert.throws(() => modelPage(models, q({ limit: '0' })), GatewayError)
})
