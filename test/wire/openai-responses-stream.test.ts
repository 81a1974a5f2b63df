/**
 * The Responses wire, on OpenAI's recorded streams: the grammar checker accepts every
 * recording; the one reader reads each into the canonical events it says (text, calls with their
 * call ids, reasoning, usage, finish, errors); the translated stream the gateway writes from those
 * events follows the same grammar and says the same; the relay tap passes every frame on as it
 * came and counts what the metrics need.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatEvent } from '../../src/canonical/chat.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { decodeSse, decodeSseBatches } from '../../src/streaming/decode-sse.js'
import { relayStream } from '../../src/streaming/relay.js'
import { newTally } from '../../src/streaming/stream-piece.js'
import type { ReaderContext } from '../../src/wire/reader-context.js'
import { createResponsesEncoder } from '../../src/wire/openai-responses/encode-events.js'
import { readResponsesEvents } from '../../src/wire/openai-responses/read-events.js'
import { echoOf } from '../../src/wire/openai-responses/response-object.js'
import { responsesTap } from '../../src/wire/openai-responses/stream-tap.js'
import { chunksOf, collect, fixtureText } from '../helpers/fixtures.js'
import { checkResponsesGrammar, parseResponsesSse, splitResponses, type ResponsesEvent } from '../helpers/responses-grammar.js'
import { fold } from '../providers/anthropic/helpers.js'

const DIR = 'openai-responses'
const ctx: ReaderContext = {
  requestId: 'req-1',
  provider: 'up',
  streamError: (body) => new GatewayError('upstream_error', `up: ${JSON.stringify(body.error)}`, { provider: 'up' }),
}

/** Every recorded stream, as SSE text (JSON-lines and event arrays framed as the API frames them). */
function recordings(): { name: string; sse: string; numbered: boolean }[] {
  const sse = (file: string) => ({ name: file, sse: fixtureText(DIR, file), numbered: !file.includes('legacy') })
  const frame = (e: Record<string, unknown>) => `event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`
  const jsonl = (file: string) => fixtureText(DIR, file).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
  const out = [
    'responses-stream-text.sse', 'responses-stream-text-legacy-2025-03.sse', 'responses-stream-function-call.sse', 'responses-stream-after-function-call-output.sse',
    'responses-stream-reasoning-summary.sse', 'responses-stream-text-then-function-call.sse', 'responses-stream-reasoning-encrypted-function-call.sse',
    'responses-stream-background-queued.sse', 'responses-stream-web-search-annotations.sse', 'responses-stream-incomplete.DERIVED.sse', 'responses-stream-error-failed.DERIVED.sse',
  ].map(sse)
  out.push({ name: 'responses-stream-error-failed.chunks.jsonl', sse: jsonl('responses-stream-error-failed.chunks.jsonl').map(frame).join(''), numbered: true })
  const events = JSON.parse(fixtureText(DIR, 'responses-stream-incomplete.events.json')) as Record<string, unknown>[]
  out.push({ name: 'responses-stream-incomplete.events.json', sse: events.map(frame).join(''), numbered: true })
  const steps = splitResponses(jsonl('responses-stream-reasoning-summary-function-call.chunks.jsonl').map((data) => ({ data })))
  steps.forEach((step, i) => out.push({ name: `reasoning-summary-function-call step ${i + 1}`, sse: step.map((e) => frame(e.data)).join(''), numbered: true }))
  return out
}

async function readCanonical(sse: string, split = 0): Promise<ChatEvent[]> {
  const bytes = Buffer.from(sse)
  const chunks = split === 0 ? [bytes] : Array.from({ length: Math.ceil(bytes.length / split) }, (_, i) => bytes.subarray(i * split, (i + 1) * split))
  return collect(readResponsesEvents(decodeSse(chunksOf(...chunks)), ctx))
}

function translate(events: readonly ChatEvent[]): string {
  const encoder = createResponsesEncoder({ shell: { id: 'resp_test', createdAt: 1, model: 'm', echo: echoOf({}) }, tools: new Map(), includeEncrypted: true })
  let sse = ''
  for (const e of events) sse += e.type === 'error' ? encoder.error(e.error) : encoder.encode(e)
  return sse + encoder.end()
}

describe('Responses streams: the recordings, the reader, the translated stream and the tap', () => {
  for (const rec of recordings()) {
    it(`${rec.name}: grammar, reading and translation agree`, async () => {
      const recorded = checkResponsesGrammar(parseResponsesSse(rec.sse), { sequenceNumbers: rec.numbered })
      // Cut into 7-byte pieces: the reader must not depend on how the bytes arrive.
      const events = await readCanonical(rec.sse, 7)
      const folded = fold(events)
      assert.equal(folded.text, recorded.text)
      assert.deepEqual(folded.toolCalls.map((c) => [c.id, c.name, c.arguments]), recorded.calls.map((c) => [c.callId, c.name, c.arguments]))
      assert.equal(folded.reasoning, recorded.reasoning.join(''))
      if (recorded.terminal === 'response.failed') {
        assert.equal(folded.errors.length, 1, 'a failed response is an error')
        assert.equal(folded.finish, undefined)
      } else {
        assert.equal(folded.finish, recorded.terminal === 'response.incomplete' ? 'length' : recorded.calls.length > 0 ? 'tool_calls' : 'stop')
        const usage = recorded.usage as { input_tokens: number; output_tokens: number; output_tokens_details?: { reasoning_tokens?: number } }
        assert.equal(folded.usage.at(-1)?.promptTokens, usage.input_tokens)
        assert.equal(folded.usage.at(-1)?.completionTokens, usage.output_tokens)
      }

      const translated = checkResponsesGrammar(parseResponsesSse(translate(events)), { sequenceNumbers: true })
      assert.equal(translated.terminal, recorded.terminal)
      assert.equal(translated.text, recorded.text)
      assert.deepEqual(translated.calls.map((c) => [c.callId, c.name, c.arguments]), recorded.calls.map((c) => [c.callId, c.name, c.arguments]))
      for (const call of translated.calls) assert.match(call.id, /^fc_/)
      assert.equal(translated.reasoning.join(''), recorded.reasoning.join(''))
    })
  }

  it('the tap relays every frame as it came and counts usage and token pieces', async () => {
    const sse = fixtureText(DIR, 'responses-stream-reasoning-summary.sse')
    const tally = newTally()
    let finished: Record<string, unknown> | undefined
    const pieces = await collect(relayStream(decodeSseBatches(chunksOf(Buffer.from(sse))), responsesTap(ctx, (r) => (finished = r)), tally))
    const relayed = pieces.map((p) => p.sse).join('')
    assert.deepEqual(parseResponsesSse(relayed).map((e) => JSON.stringify(e.data)), parseResponsesSse(sse).map((e) => JSON.stringify(e.data)))
    assert.ok(!relayed.includes('[DONE]'), 'no [DONE] is added')
    assert.equal(tally.usage?.completionTokens, 1680)
    assert.equal(tally.usage?.reasoningTokens, 1408)
    assert.equal(tally.finish, 'completed')
    assert.ok(tally.tokenPieces > 0)
    assert.equal(finished?.status, 'completed')
  })

  it('the tap throws an in-stream failure, and renders its own continuing the numbering', async () => {
    const sse = fixtureText(DIR, 'responses-stream-error-failed.DERIVED.sse')
    const tap = responsesTap(ctx)
    await assert.rejects(collect(relayStream(decodeSseBatches(chunksOf(Buffer.from(sse))), tap, newTally())), (err: unknown) => err instanceof GatewayError && err.message.includes('insufficient_quota'))
    const rendered = parseResponsesSse(tap.error(new GatewayError('upstream_error', 'boom')))
    assert.deepEqual(rendered.map((e) => [e.data.type, e.data.sequence_number]), [['error', 3], ['response.failed', 4]])
    const failed = rendered[1]!.data.response as Record<string, unknown>
    assert.equal(failed.status, 'failed')
    assert.match(String(failed.id), /^resp_05500b38/)
  })

  it('an encoder failure after content ends with error then response.failed, numbered on', () => {
    const encoder = createResponsesEncoder({ shell: { id: 'resp_x', createdAt: 1, model: 'm', echo: echoOf({}) }, tools: new Map(), includeEncrypted: false })
    const sse = encoder.encode({ type: 'start' }) + encoder.encode({ type: 'text', delta: 'Hel' }) + encoder.error(new GatewayError('upstream_timeout', 'too slow'))
    const events: ResponsesEvent[] = parseResponsesSse(sse)
    assert.deepEqual(events.map((e) => e.data.sequence_number), events.map((_, i) => i))
    assert.deepEqual(events.slice(-2).map((e) => e.data.type), ['error', 'response.failed'])
    const error = events.at(-2)!.data
    assert.equal(error.code, 'upstream_timeout')
    assert.equal((error.error as Record<string, unknown>).message, 'too slow')
    checkResponsesGrammar(events, { sequenceNumbers: true })
  })
})
