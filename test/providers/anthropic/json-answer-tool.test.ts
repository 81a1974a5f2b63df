/**
 * json_object on Anthropic: the forced tool's answer read back as content, from recorded
 * Messages wire format (fixtures/anthropic): a whole answer whose forced `json` tool_use input
 * becomes the text, and a stream whose tool_use deltas become text deltas (the recorded
 * get_weather stream, read as if that were the forced tool); and Bedrock's recorded toolUse.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { anthropicAdapter } from '../../../src/providers/anthropic/index.js'
import { decodeSse } from '../../../src/streaming/decode-sse.js'
import { chunksOf, collect, fixtureBytes, fixtureJson } from '../../helpers/fixtures.js'
import { anthropicCtx, fold } from './helpers.js'

test('a whole answer: the forced tool input is the content, the finish a stop', () => {
  const ctx = { ...anthropicCtx(), answerTool: 'json' }
  const result = anthropicAdapter.parseResponse(fixtureJson('anthropic', 'messages-response-tool-use.json'), ctx)
  assert.deepEqual(result.toolCalls, [])
  assert.equal(result.finish, 'stop')
  const content: unknown = JSON.parse(result.text ?? '')
  assert.ok(typeof content === 'object' && content !== null && 'elements' in content && Array.isArray(content.elements) && content.elements.length === 4)
})

test('without the forced tool, the same answer is a tool call as before', () => {
  const result = anthropicAdapter.parseResponse(fixtureJson('anthropic', 'messages-response-tool-use.json'), anthropicCtx())
  assert.equal(result.toolCalls[0]?.name, 'json')
})

test('a stream: the forced call arrives as text deltas; text besides it is left out', async () => {
  const ctx = { ...anthropicCtx(), answerTool: 'get_weather' }
  const events = await collect(anthropicAdapter.parseStream(decodeSse(chunksOf(fixtureBytes('anthropic', 'messages-stream-tool-use.sse'))), ctx))
  const f = fold(events)
  assert.deepEqual(f.toolCalls, [])
  assert.equal(f.finish, 'stop')
  assert.deepEqual(JSON.parse(f.text), { location: 'Paris' })
})

test('Bedrock Converse (recorded toolUse answer): the forced call is the content, the text before it left out', async () => {
  const { bedrockAdapter } = await import('../../../src/providers/bedrock/index.js')
  const { bedrockContext } = await import('../bedrock/context.js')
  const ctx = { ...bedrockContext(), answerTool: 'weather' }
  const result = bedrockAdapter.parseResponse(fixtureJson('bedrock', 'converse-response-tool-use.json'), ctx)
  assert.deepEqual(result.toolCalls, [])
  assert.equal(result.finish, 'stop')
  assert.equal(result.text, '{"city":"Detroit"}')
})
