/**
 * Decoding Responses requests into the canonical request, on the recorded requests of
 * fixtures/openai-responses (function-call loops, replayed reasoning, tool output files), plus
 * the shapes clients send that the API reference documents: namespaces and custom tools (Codex),
 * hosted tools and unknown parameters (named for translation), and opaque reasoning that must
 * survive a round trip through a stateless client. Also the JSON-text member edits a
 * passthrough makes instead of re-serialising.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatEvent } from '../../src/canonical/chat.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { memberText, withMember } from '../../src/wire/json-text.js'
import { createResponsesDecoder } from '../../src/wire/openai-responses/decode-request.js'
import { createResponsesEncoder } from '../../src/wire/openai-responses/encode-events.js'
import { echoOf } from '../../src/wire/openai-responses/response-object.js'
import { RequestSchemas } from '../../src/wire/validate.js'
import { fixtureJson, fixtureText } from '../helpers/fixtures.js'
import { parseResponsesSse } from '../helpers/responses-grammar.js'

const decode = createResponsesDecoder(new RequestSchemas())
const DIR = 'openai-responses'

describe('Responses request → canonical request', () => {
  it('a function-call loop (exact bytes of openai-python): call, stray empty user message, output by call_id', () => {
    const { request, untranslatable } = decode(fixtureJson(DIR, 'responses-request-function-call-output.json'))
    assert.deepEqual(untranslatable.list, [])
    assert.deepEqual(request.messages, [
      { role: 'user', content: 'Call simple_tool passing 5' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_sNntVegw8ViC8Zc4EIjqEKbo', name: 'simple_tool', arguments: '{"number": "5"}' }] },
      { role: 'user', content: '' },
      { role: 'tool', toolCallId: 'call_sNntVegw8ViC8Zc4EIjqEKbo', content: 'This is a simple tool, 5' },
    ])
    assert.deepEqual(request.tools, [{ name: 'simple_tool', description: 'A simple tool', parameters: { properties: { number: { type: 'string' } }, required: ['number'], type: 'object' }, strict: false }])
    assert.equal(request.stream, true)
  })

  it('a stateless replay: reasoning (OpenAI-encrypted), the commentary message and the call make one assistant turn', () => {
    const decoded = decode(fixtureJson(DIR, 'responses-request-replay-reasoning-message-function-call-output.json'))
    const assistant = decoded.request.messages.find((m) => m.role === 'assistant')
    assert.ok(assistant !== undefined && assistant.role === 'assistant')
    assert.equal(assistant.reasoning?.length, 1)
    assert.equal(assistant.reasoning![0]!.origin, 'openai', "OpenAI's encrypted content is OpenAI's, sent to no other kind")
    assert.match(assistant.reasoning![0]!.signature ?? '', /^gAAAA/)
    assert.ok(typeof assistant.content === 'string' && assistant.content.length > 0)
    assert.equal(assistant.toolCalls?.length, 1)
    assert.equal(decoded.includeEncrypted, true)
    assert.deepEqual(decoded.request.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool'])
  })

  it('a function_call_output whose output is a file part becomes a tool message with a document', () => {
    const { request } = decode(fixtureJson(DIR, 'responses-request-function-call-output-file.json'))
    const tool = request.messages.at(-1)
    assert.ok(tool !== undefined && tool.role === 'tool' && Array.isArray(tool.content))
    const part = tool.content[0]
    assert.ok(part !== undefined && part.type === 'document' && part.source.kind === 'base64')
    assert.equal(part.source.mediaType, 'application/pdf')
    assert.equal(part.filename, 'filename.pdf')
  })

  it('instructions, shorthand messages, reasoning and text format', () => {
    const { request } = decode({ ...fixtureJson<object>(DIR, 'responses-stream-text.request.json'), reasoning: { effort: 'low', summary: 'auto' }, text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true } } })
    assert.deepEqual(request.messages, [{ role: 'system', content: 'Answer directly.' }, { role: 'user', content: 'What is 2+2?' }])
    assert.deepEqual(request.reasoning, { effort: 'low', summary: 'auto' })
    assert.deepEqual(request.responseFormat, { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true })
  })

  it('names what cannot be translated: hosted tools, unknown parameters, server-side features, foreign items', () => {
    const { untranslatable } = decode({
      model: 'm',
      input: [{ role: 'user', content: 'hi' }, { type: 'web_search_call', id: 'ws_1', status: 'completed' }, { type: 'item_reference', id: 'msg_1' }],
      tools: [{ type: 'web_search' }, { type: 'file_search', vector_store_ids: ['vs'] }],
      conversation: 'conv_1',
      vendor_knob: 1,
    })
    assert.deepEqual(
      untranslatable.list.map((u) => u.param).sort(),
      ['conversation', 'input[1] (web_search_call)', 'input[2] (item_reference)', 'tools[0] (web_search)', 'tools[1] (file_search)', 'vendor_knob'],
    )
  })

  it('refuses invalid bodies with the parameter at fault', () => {
    const param = (body: unknown) => {
      try {
        decode(body)
      } catch (err) {
        assert.ok(err instanceof GatewayError && err.kind === 'invalid_request')
        return err.detail.param
      }
      return 'accepted'
    }
    assert.equal(param({ input: 'hi' }), 'model')
    assert.equal(param({ model: 'm' }), 'input')
    assert.equal(param({ model: 'm', input: 'hi', temperature: 3 }), 'temperature')
    assert.equal(param({ model: 'm', input: [{ type: 'function_call', name: 'f' }] }), 'input[0].call_id')
    assert.equal(param({ model: 'm', input: 'hi', tools: [{ type: 'function', name: 'f' }], tool_choice: { type: 'function', name: 'g' } }), 'tool_choice')
  })

  it("flattens Codex's namespace and custom tools, and maps their calls back to what the client declared", () => {
    const decoded = decode({
      model: 'm',
      input: 'go',
      tools: [
        { type: 'namespace', name: 'multi_agent_v1', description: 'agents', tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} } }] },
        { type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
      ],
    })
    assert.deepEqual(decoded.request.tools?.map((t) => t.name), ['multi_agent_v1__spawn_agent', 'apply_patch'])
    assert.match(decoded.request.tools![1]!.description ?? '', /lark grammar/)
    const encoder = createResponsesEncoder({ shell: { id: 'resp_t', createdAt: 1, model: 'm', echo: echoOf({}) }, tools: decoded.tools, includeEncrypted: false })
    const events: ChatEvent[] = [
      { type: 'start' },
      { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'multi_agent_v1__spawn_agent' },
      { type: 'tool-call-delta', index: 0, argsDelta: '{}' },
      { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'apply_patch' },
      { type: 'tool-call-delta', index: 1, argsDelta: '{"input":"*** Begin Patch"}' },
      { type: 'finish', reason: 'tool_calls' },
    ]
    let sse = ''
    for (const e of events) if (e.type !== 'error') sse += encoder.encode(e)
    const done = parseResponsesSse(sse).filter((e) => e.data.type === 'response.output_item.done').map((e) => e.data.item as Record<string, unknown>)
    assert.deepEqual(done.map((i) => [i.type, i.name, i.namespace, i.call_id]), [
      ['function_call', 'spawn_agent', 'multi_agent_v1', 'call_toolu_1'],
      ['custom_tool_call', 'apply_patch', undefined, 'call_toolu_2'],
    ])
    assert.equal(done[1]!.input, '*** Begin Patch')
    // …and the next turn sends them back under the upstream's names.
    const next = decode({ model: 'm', input: done, tools: [] })
    const assistant = next.request.messages[0]
    assert.ok(assistant?.role === 'assistant')
    assert.deepEqual(assistant.toolCalls?.map((c) => [c.name, c.id, c.arguments]), [
      ['multi_agent_v1__spawn_agent', 'call_toolu_1', '{}'],
      ['apply_patch', 'call_toolu_2', '{"input":"*** Begin Patch"}'],
    ])
  })

  it("keeps a translated target's signed reasoning for a stateless client, and gives it back to the same kind", () => {
    const run = (includeEncrypted: boolean) => {
      let stored: Record<string, unknown> | undefined
      const encoder = createResponsesEncoder({ shell: { id: 'resp_t', createdAt: 1, model: 'm', echo: echoOf({}) }, tools: new Map(), includeEncrypted, onFinished: (r) => (stored = r) })
      const sse = [
        encoder.encode({ type: 'reasoning', delta: 'Let me think.' }),
        encoder.encode({ type: 'reasoning-done', signature: 'sig-abc', origin: 'anthropic' }),
        encoder.encode({ type: 'text', delta: 'Hi' }),
        encoder.encode({ type: 'finish', reason: 'stop' }),
      ].join('')
      const wire = parseResponsesSse(sse).find((e) => e.data.type === 'response.output_item.done')!.data.item as Record<string, unknown>
      return { wire, stored: (stored!.output as Record<string, unknown>[])[0]! }
    }
    const hidden = run(false)
    assert.equal(hidden.wire.encrypted_content, undefined, 'not shown unless include asks for it')
    assert.equal(typeof hidden.stored.encrypted_content, 'string', 'always kept in the stored copy')
    const shown = run(true)
    const replay = decode({ model: 'm', input: [shown.wire, { role: 'user', content: 'more' }] })
    const assistant = replay.request.messages[0]
    assert.ok(assistant?.role === 'assistant')
    assert.deepEqual(assistant.reasoning, [{ text: 'Let me think.', signature: 'sig-abc', origin: 'anthropic' }])
  })
})

describe('JSON text member edits (passthrough bodies)', () => {
  it('replaces a value and leaves every other byte', () => {
    const text = '{ "model" : "alias",\n  "temperature": 1.0, "s": "caf\\u00e9", "n": [1, {"model": "inner"}] }'
    assert.equal(withMember(text, 'model', '"gpt-5"'), '{ "model" : "gpt-5",\n  "temperature": 1.0, "s": "caf\\u00e9", "n": [1, {"model": "inner"}] }')
    assert.equal(memberText(text, 'n'), '[1, {"model": "inner"}]')
  })

  it('removes members (first, middle, last, only), adds absent ones, and collapses duplicates to the last', () => {
    const text = '{"a":1,"b":"x,}","c":{"d":[1,2]}}'
    assert.equal(withMember(text, 'a', undefined), '{"b":"x,}","c":{"d":[1,2]}}')
    assert.equal(withMember(text, 'b', undefined), '{"a":1,"c":{"d":[1,2]}}')
    assert.equal(withMember(text, 'c', undefined), '{"a":1,"b":"x,}"}')
    assert.equal(withMember('{"a":1}', 'a', undefined), '{}')
    assert.equal(withMember(text, 'z', 'true'), '{"z":true,"a":1,"b":"x,}","c":{"d":[1,2]}}')
    assert.equal(withMember('{}', 'z', '1'), '{"z":1}')
    assert.deepEqual(JSON.parse(withMember('{"m":1,"x":2,"m":3}', 'm', '4')), { x: 2, m: 4 })
  })

  it('on every recorded request body, edits parse to the same object with the member changed', () => {
    for (const file of ['responses-request-function-call-output.json', 'responses-request-replay-reasoning-message-function-call-output.json', 'responses-request-function-call-output-file.json', 'responses-request-function-tools.json']) {
      const text = fixtureText(DIR, file)
      const parsed = JSON.parse(text) as Record<string, unknown>
      assert.deepEqual(JSON.parse(withMember(text, 'model', '"other"')), { ...parsed, model: 'other' }, file)
      const { input: _input, ...rest } = parsed
      assert.deepEqual(JSON.parse(withMember(text, 'input', undefined)), rest, file)
    }
  })
})
