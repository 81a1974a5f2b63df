/**
 * Spend from streams, with the shipped price table: a recorded OpenAI stream's usage priced as
 * gpt-4o, and the same stream with its usage chunk removed, priced from the gateway's own count.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { fixtureText } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { metricValue } from '../helpers/gateway.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const RECORDED = fixtureText('openai', 'chat-stream-include-usage.sse')
const WITHOUT_USAGE = RECORDED.split('\n\n')
  .filter((frame) => !frame.includes('"usage":{'))
  .join('\n\n')
// gpt-4o in the shipped table: $2.50 in, $10 out per million tokens.
const GPT_4O = { input: 2.5, output: 10 }

describe('spend from streamed answers', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway
  before(async () => {
    upstream = await startReplayUpstream((req) => ({
      headers: { 'content-type': 'text/event-stream' },
      body: (req.json() as { messages: { content: string }[] }).messages[0]!.content === 'no usage' ? WITHOUT_USAGE : RECORDED,
      split: 'frames',
    }))
    gw = await startInProcessGateway(`
providers:
  up: { kind: openai, base_url: "${upstream.url}/v1", api_key: sk-up, models: [gpt-4o-2024-08-06] }
models:
  with-usage: up/gpt-4o-2024-08-06
  without-usage: up/gpt-4o-2024-08-06
`)
  })
  after(async () => {
    await gw.close()
    await upstream.close()
  })

  const streamOnce = async (model: string, content: string) => {
    const stream = await gw.client.chat.completions.create({ model, messages: [{ role: 'user', content }], stream: true, stream_options: { include_usage: true } })
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined
    let pieces = 0
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage
      if (chunk.choices[0]?.delta.content) pieces++
    }
    return { usage, pieces }
  }
  const spend = async (route: string) => metricValue(await gw.metricsText(), 'switchyard_spend_usd_total', { route, provider: 'up', key: 'none' })

  it("prices the upstream's reported usage at the shipped table's price", async () => {
    const { usage } = await streamOnce('with-usage', 'hello')
    const expected = (usage!.prompt_tokens * GPT_4O.input + usage!.completion_tokens * GPT_4O.output) / 1e6
    assert.ok(Math.abs((await spend('with-usage'))! - expected) < 1e-12)
  })

  it('without usage from the upstream, prices the tokens the gateway counted', async () => {
    const { usage, pieces } = await streamOnce('without-usage', 'no usage')
    assert.equal(usage, undefined)
    // The prompt is counted off the main thread (the first count loads the tokenizer, slow on a
    // loaded machine); the spend lands when that finishes.
    let value: number | undefined
    for (let i = 0; i < 500 && value === undefined; i++) {
      value = await spend('without-usage')
      if (value === undefined) await sleep(20)
    }
    const completionOnly = (pieces * GPT_4O.output) / 1e6
    assert.ok(value !== undefined && value > completionOnly && value < completionOnly + (50 * GPT_4O.input) / 1e6, `spend ${value}`)
  })
})
