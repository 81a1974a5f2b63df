/**
 * The answer checks of tool_validation, in process: compiled schemas (cached, bounded, RE2
 * patterns, `$schema` and `$id` tolerated), the verdict on tool calls (declared, tool_choice,
 * JSON, schema) and structured output, the stream collector, and the stream gate (what it
 * holds, when it judges, what a held answer looks like when it goes out).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatRequest, ChatEvent } from '../../src/canonical/chat.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { gateStream, type HoldMode } from '../../src/routing/check-gate.js'
import type { StreamPiece } from '../../src/streaming/stream-piece.js'
import { answerSpec } from '../../src/validation/answer-spec.js'
import { checkAnswer, type CheckedAnswer } from '../../src/validation/check-answer.js'
import { createAnswerCollector } from '../../src/validation/collect-answer.js'
import { askAgain } from '../../src/validation/feedback.js'
import { createSchemaValidators, InvalidSchemaError } from '../../src/validation/schema-validators.js'

const WEATHER = {
  type: 'object',
  properties: { city: { type: 'string', pattern: '^[A-Z]' }, unit: { enum: ['c', 'f'] }, days: { type: 'integer', minimum: 1 } },
  required: ['city'],
  additionalProperties: false,
}

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false, includeUsage: false, params: {}, tools: [{ name: 'get_weather', parameters: WEATHER }, { name: 'anything' }], ...extra }
}

const call = (name: string, args: string) => ({ id: `call_${name}`, name, arguments: args })
const answer = (calls: ReturnType<typeof call>[], text: string | null = null): CheckedAnswer => ({ text, toolCalls: calls, finish: calls.length > 0 ? 'tool_calls' : 'stop' })

describe('compiled client schemas', () => {
  it('compiles a schema once and returns the same validator for the same text', () => {
    const validators = createSchemaValidators()
    const a = validators.get({ ...WEATHER })
    const b = validators.get(JSON.parse(JSON.stringify(WEATHER)))
    assert.equal(a, b)
    assert.equal(validators.size, 1)
  })

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const validators = createSchemaValidators({ maxEntries: 2 })
    const first = validators.get({ type: 'string' })
    validators.get({ type: 'number' })
    validators.get({ type: 'string' })
    validators.get({ type: 'boolean' })
    assert.equal(validators.size, 2)
    assert.equal(validators.get({ type: 'string' }), first, 'the recently used one stayed')
    assert.notEqual(validators.get({ type: 'number' }), undefined)
  })

  it('matches patterns with RE2: a catastrophic pattern is linear, lookaround is an invalid schema', () => {
    const validators = createSchemaValidators()
    const evil = validators.get({ type: 'string', pattern: '^(a+)+$' })
    const started = performance.now()
    assert.notEqual(evil(`${'a'.repeat(50_000)}b`), undefined)
    assert.ok(performance.now() - started < 2000)
    assert.throws(() => validators.get({ type: 'string', pattern: '(?=a)a' }), InvalidSchemaError)
  })

  it('tolerates a $schema it has not loaded and two schemas with one $id', () => {
    const validators = createSchemaValidators()
    const a = validators.get({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'x', type: 'string' })
    const b = validators.get({ $id: 'x', type: 'number' })
    assert.equal(a('s'), undefined)
    assert.equal(b(1), undefined)
    assert.notEqual(b('s'), undefined)
  })

  it('names the value path and the schema path of a mismatch', () => {
    const check = createSchemaValidators().get(WEATHER)
    assert.deepEqual(check({ city: 'Paris', unit: 'k' }), { path: '/unit', schemaPath: '#/properties/unit/enum', message: 'must be one of ["c","f"]' })
    assert.deepEqual(check({}), { path: '/city', schemaPath: '#/required', message: 'is required' })
    assert.equal(check({ city: 'Paris', extra: 1 })?.path, '/extra')
  })
})

describe('checking an answer', () => {
  const validators = createSchemaValidators()

  it('no tools and no JSON format: nothing to check', () => {
    assert.equal(answerSpec(request({ tools: undefined }), validators), undefined)
    assert.equal(answerSpec(request({ tools: [], responseFormat: { type: 'text' } }), validators), undefined)
  })

  it('an invalid parameters schema is a 400 naming the tool', () => {
    const bad = request({ tools: [{ name: 'ok' }, { name: 'bad', parameters: { type: 'nope' } }] })
    assert.throws(() => answerSpec(bad, validators), (err: unknown) => err instanceof GatewayError && err.status === 400 && /tool 'bad' \(tools\[1\]\)/.test(err.message) && err.detail.param === 'tools[1]')
  })

  it('valid, unknown, malformed and mismatched calls, each with its result', () => {
    const spec = answerSpec(request(), validators)!
    const verdict = checkAnswer(answer([call('get_weather', '{"city":"Paris"}'), call('nope', '{}'), call('get_weather', '{"city":'), call('get_weather', '{"city":"paris"}'), call('anything', '[1]')]), spec)!
    assert.deepEqual(verdict.calls, ['valid', 'unknown_tool', 'invalid_json', 'schema_mismatch', 'invalid_json'])
    assert.match(verdict.failures[2]!.message, /at '\/city' must match pattern/)
    assert.equal(checkAnswer(answer([call('anything', '')]), spec)?.calls[0], 'valid', 'empty arguments are an empty object')
  })

  it('tool_choice: a named function excludes the others, required wants a call, none forbids one', () => {
    const named = answerSpec(request({ toolChoice: { name: 'get_weather' } }), validators)!
    assert.deepEqual(checkAnswer(answer([call('anything', '{}')]), named)?.calls, ['not_allowed'])
    assert.deepEqual(checkAnswer(answer([], 'hello'), named)?.calls, ['missing'])
    const required = answerSpec(request({ toolChoice: 'required' }), validators)!
    assert.deepEqual(checkAnswer(answer([], 'hello'), required)?.calls, ['missing'])
    const none = answerSpec(request({ toolChoice: 'none' }), validators)!
    assert.deepEqual(checkAnswer(answer([call('anything', '{}')]), none)?.calls, ['not_allowed'])
    assert.deepEqual(checkAnswer(answer([], 'hello'), answerSpec(request(), validators)!)?.calls, [])
  })

  it('structured output: json_schema content parses and matches; json_object must be an object', () => {
    const schema = answerSpec(request({ tools: undefined, responseFormat: { type: 'json_schema', name: 'w', schema: WEATHER } }), validators)!
    assert.equal(checkAnswer(answer([], '{"city":"Paris"}'), schema)?.output, 'valid')
    assert.equal(checkAnswer(answer([], '```json\n{"city":"Paris"}\n```'), schema)?.output, 'invalid_json')
    assert.equal(checkAnswer(answer([], '{"city":"Paris","days":0}'), schema)?.output, 'schema_mismatch')
    const object = answerSpec(request({ tools: undefined, responseFormat: { type: 'json_object' } }), validators)!
    assert.equal(checkAnswer(answer([], '[1,2]'), object)?.output, 'invalid_json')
    assert.equal(checkAnswer(answer([], '{"a":1}'), object)?.output, 'valid')
  })

  it('an answer cut short or refused is not judged', () => {
    const spec = answerSpec(request(), validators)!
    assert.equal(checkAnswer({ ...answer([call('get_weather', '{"ci')]), finish: 'length' }, spec), undefined)
    assert.equal(checkAnswer({ ...answer([], null), refusal: 'no' }, spec), undefined)
  })

  it('asking again: the model sees its call and a tool result per call naming the failure', () => {
    const spec = answerSpec(request(), validators)!
    const wrong = answer([call('get_weather', '{"city":1}')])
    const again = askAgain(request(), wrong, checkAnswer(wrong, spec)!.failures)
    assert.equal(again.messages.length, 3)
    const [, assistant, tool] = again.messages
    assert.equal(assistant?.role === 'assistant' && assistant.toolCalls?.[0]?.arguments, '{"city":1}')
    assert.ok(tool?.role === 'tool' && tool.toolCallId === 'call_get_weather' && tool.isError === true && /at '\/city' must be string/.test(String(tool.content)))
  })
})

describe('the stream collector and gate', () => {
  const events: ChatEvent[] = [
    { type: 'text', delta: 'Let me look. ' },
    { type: 'tool-call-start', index: 0, id: 'c1', name: 'get_weather' },
    { type: 'tool-call-delta', index: 0, argsDelta: '{"city":' },
    { type: 'tool-call-delta', index: 0, argsDelta: '"Paris"}' },
    { type: 'finish', reason: 'tool_calls' },
  ]

  it('collects text and calls by index', () => {
    const collector = createAnswerCollector()
    for (const e of events) collector.add(e)
    assert.deepEqual(collector.answer(), { text: 'Let me look. ', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }], finish: 'tool_calls' })
  })

  /** One piece per event, fed to the collector as the pipeline would, through the gate. */
  async function run(hold: HoldMode, judge: (committed: boolean) => void) {
    const collector = createAnswerCollector()
    let firstTokens = 0
    async function* pieces(): AsyncGenerator<StreamPiece> {
      for (const [i, e] of events.entries()) {
        collector.add(e)
        yield { sse: `e${i};`, commits: true, token: e.type !== 'finish' }
      }
      yield { sse: 'end;', commits: true, token: false, final: true }
    }
    const out: StreamPiece[] = []
    const gate = gateStream(pieces(), { hold, collector, judge, firstToken: () => firstTokens++, maxHeldChars: 1000, tooLarge: () => new Error('too large') })
    for await (const piece of gate) out.push(piece)
    return { out, firstTokens }
  }

  it("'calls': text before the call goes out at once, the call and the rest in one final piece after the judge", async () => {
    const seen: boolean[] = []
    const { out, firstTokens } = await run('calls', (committed) => seen.push(committed))
    assert.deepEqual(out.map((p) => p.sse), ['e0;', 'e1;e2;e3;e4;end;'])
    assert.equal(out[1]!.final, true)
    assert.deepEqual(seen, [true], 'judged once, knowing the text was committed')
    assert.equal(firstTokens, 1)
  })

  it("'all' holds everything and 'none' nothing; a judge that throws stops the held answer", async () => {
    assert.deepEqual((await run('all', () => undefined)).out.map((p) => p.sse), ['e0;e1;e2;e3;e4;end;'])
    assert.equal((await run('none', () => undefined)).out.length, 6)
    await assert.rejects(run('all', () => {
      throw new Error('invalid')
    }), /invalid/)
  })
})
