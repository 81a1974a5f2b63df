/**
 * What the end-to-end tests compare: an answer as the openai SDK hands it to an app (the SDK
 * reassembles streamed tool calls itself), and the rate metrics the gateway recorded for it.
 */
import assert from 'node:assert/strict'
import type OpenAI from 'openai'
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions'
import { metricValue, type MetricsReader } from './gateway.js'

export interface Answer {
  text: string
  toolCalls: { name: string; arguments: unknown }[]
  finish: string
  usage: { prompt: number; completion: number } | undefined
}

function toAnswer(c: ChatCompletion): Answer {
  const choice = c.choices[0]!
  return {
    text: choice.message.content ?? '',
    toolCalls: (choice.message.tool_calls ?? []).map((t) => {
      assert.equal(t.type, 'function')
      const fn = (t as { function: { name: string; arguments: string } }).function
      assert.ok(t.id.length > 0, 'every tool call has an id')
      return { name: fn.name, arguments: fn.arguments === '' ? {} : (JSON.parse(fn.arguments) as unknown) }
    }),
    finish: choice.finish_reason,
    usage: c.usage === undefined || c.usage === null ? undefined : { prompt: c.usage.prompt_tokens, completion: c.usage.completion_tokens },
  }
}

/** A non-streaming answer through the SDK. */
export async function plainAnswer(client: OpenAI, params: ChatCompletionCreateParamsNonStreaming): Promise<Answer> {
  return toAnswer(await client.chat.completions.create(params))
}

/** A streamed answer with usage, reassembled by the SDK's own stream helper. */
export async function streamedAnswer(client: OpenAI, params: ChatCompletionCreateParamsNonStreaming, onChunk?: (chunk: ChatCompletionChunk) => void): Promise<Answer> {
  const runner = client.chat.completions.stream({ ...params, stream: true, stream_options: { include_usage: true } })
  if (onChunk !== undefined) runner.on('chunk', onChunk)
  return toAnswer(await runner.finalChatCompletion())
}

export interface RateSnapshot {
  ttftCount: number
  ttftSum: number
  tpsCount: number
  tpsSum: number
}

/** TTFT and tokens/sec histogram totals for one route and stream flag. */
export async function rateSnapshot(gw: MetricsReader, route: string, stream: boolean): Promise<RateSnapshot> {
  const text = await gw.metricsText()
  const labels = { route, stream: String(stream) }
  return {
    ttftCount: stream ? (metricValue(text, 'switchyard_time_to_first_token_seconds_count', { route }) ?? 0) : 0,
    ttftSum: stream ? (metricValue(text, 'switchyard_time_to_first_token_seconds_sum', { route }) ?? 0) : 0,
    tpsCount: metricValue(text, 'switchyard_tokens_per_second_count', labels) ?? 0,
    tpsSum: metricValue(text, 'switchyard_tokens_per_second_sum', labels) ?? 0,
  }
}

/**
 * Runs `call` and checks it added exactly one tokens/sec observation (finite, above 0, no
 * faster than `completionTokens` over `minSeconds`, and no slower than half of
 * `completionTokens` over the whole call), and when streaming one TTFT observation, at least
 * `minTtftSeconds` (the upstream's delay before its first content) and within the call.
 */
export async function assertRateObserved(
  gw: MetricsReader,
  route: string,
  stream: boolean,
  completionTokens: number,
  minSeconds: number,
  call: () => Promise<unknown>,
  minTtftSeconds = 0,
): Promise<number> {
  const before = await rateSnapshot(gw, route, stream)
  const started = performance.now()
  await call()
  const elapsedSeconds = (performance.now() - started) / 1000
  const after = await rateSnapshot(gw, route, stream)
  if (stream) {
    assert.equal(after.ttftCount - before.ttftCount, 1, 'one TTFT observation')
    const ttft = after.ttftSum - before.ttftSum
    assert.ok(ttft >= minTtftSeconds && ttft <= elapsedSeconds, `TTFT ${ttft}s: the first content came after ${minTtftSeconds}s, within the ${elapsedSeconds}s call`)
  }
  assert.equal(after.tpsCount - before.tpsCount, 1, 'one tokens/sec observation')
  const rate = after.tpsSum - before.tpsSum
  assert.ok(Number.isFinite(rate) && rate > 0, `tokens/sec is ${rate}`)
  assert.ok(rate <= completionTokens / minSeconds, `tokens/sec ${rate} is faster than ${completionTokens} tokens in ${minSeconds}s allows`)
  assert.ok(rate >= completionTokens / (2 * elapsedSeconds), `tokens/sec ${rate} is slower than ${completionTokens} tokens in twice the ${elapsedSeconds}s the call took`)
  return rate
}

/**
 * The same request non-streaming and streaming (the upstream replays the two recordings of one
 * exchange): both must agree on text, tool calls and finish. Usage is returned for the caller,
 * since separate recordings of one prompt report their own counts; `sameText: false` for
 * recordings whose model worded its preamble differently.
 */
export async function bothAnswers(client: OpenAI, params: ChatCompletionCreateParamsNonStreaming, sameText = true): Promise<{ plain: Answer; streamed: Answer }> {
  const plain = await plainAnswer(client, params)
  const streamed = await streamedAnswer(client, params)
  if (sameText) assert.equal(streamed.text, plain.text, 'stream and non-stream agree on text')
  assert.deepEqual(streamed.toolCalls, plain.toolCalls, 'stream and non-stream agree on tool calls')
  assert.equal(streamed.finish, plain.finish, 'stream and non-stream agree on the finish')
  return { plain, streamed }
}

/** Streams until the SDK raises the error line the gateway sends after the stream has started. */
export async function streamUntilError(client: OpenAI, params: ChatCompletionCreateParamsNonStreaming): Promise<{ text: string; error: Error }> {
  const stream = await client.chat.completions.create({ ...params, stream: true })
  let text = ''
  try {
    for await (const c of stream) text += c.choices[0]?.delta.content ?? ''
  } catch (error) {
    assert.ok(error instanceof Error)
    return { text, error }
  }
  return assert.fail('the stream ended without an error')
}
