/**
 * Metrics against ground truth: the built-in fake upstream has a known time to first token
 * and token rate, so the TTFT and tokens/sec histograms must agree with them.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { onAQuietAttempt } from '../helpers/timing.js'

const TTFT_MS = 300
const TPS = 50

describe('metrics agree with a fake upstream of known TTFT and rate', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway(`
providers:
  fake: { kind: fake, ttft_ms: ${TTFT_MS}, tokens_per_second: ${TPS}, models: [echo-1] }
models:
  demo: fake/echo-1
  warmup: fake/echo-1
`)
    // A first request under another route label: the process's cold start (JIT, the tokenizer
    // worker loading its ranks) is not what these figures are about, and stays out of them.
    await gw.client.chat.completions.create({ model: 'warmup', messages: [{ role: 'user', content: 'warm up' }], max_tokens: 2 })
  })
  after(() => gw.close())

  /** Counter and histogram totals moved between two scrapes (each attempt reads its own requests). */
  const moved = (before: string, after: string) => (name: string, labels: Record<string, string>) => (metricValue(after, name, labels) ?? 0) - (metricValue(before, name, labels) ?? 0)

  it('streams: TTFT and tokens/sec histogram means within a few percent', async () => {
    const runs = 4
    const labels = { route: 'demo', provider: 'fake', model: 'echo-1' }
    await onAQuietAttempt(async () => {
      const before = await gw.metricsText()
      await Promise.all(
        Array.from({ length: runs }, async () => {
          const stream = await gw.client.chat.completions.create({ model: 'demo', messages: [{ role: 'user', content: 'count for me' }], stream: true, max_tokens: 25 })
          let chunks = 0
          for await (const c of stream) if (c.choices[0]?.delta.content) chunks++
          assert.equal(chunks, 25)
        }),
      )
      const text = await gw.metricsText()
      const delta = moved(before, text)
      const ttftSum = delta('switchyard_time_to_first_token_seconds_sum', labels)
      const ttftCount = delta('switchyard_time_to_first_token_seconds_count', labels)
      assert.equal(ttftCount, runs)
      const ttftMean = ttftSum / ttftCount
      assert.ok(Math.abs(ttftMean - TTFT_MS / 1000) / (TTFT_MS / 1000) < 0.05, `TTFT mean ${ttftMean}s vs ${TTFT_MS / 1000}s`)
      const tpsSum = delta('switchyard_tokens_per_second_sum', { ...labels, stream: 'true' })
      const tpsCount = delta('switchyard_tokens_per_second_count', { ...labels, stream: 'true' })
      assert.equal(tpsCount, runs)
      const tpsMean = tpsSum / tpsCount
      assert.ok(Math.abs(tpsMean - TPS) / TPS < 0.05, `tokens/s mean ${tpsMean} vs ${TPS}`)
      assert.equal(delta('switchyard_tokens_total', { ...labels, type: 'completion' }), 25 * runs)
      assert.equal(delta('switchyard_requests_total', { ...labels, status: '200', stream: 'true' }), runs)
      assert.equal(metricValue(text, 'switchyard_in_flight_requests', { endpoint: 'chat' }), 0)
    })
  })

  it('non-streaming: tokens/sec over the upstream time', async () => {
    const labels = { route: 'demo', provider: 'fake', model: 'echo-1', stream: 'false' }
    await onAQuietAttempt(async () => {
      const before = await gw.metricsText()
      const res = await gw.client.chat.completions.create({ model: 'demo', messages: [{ role: 'user', content: 'count' }], max_tokens: 20 })
      assert.equal(res.usage?.completion_tokens, 20)
      const delta = moved(before, await gw.metricsText())
      const mean = delta('switchyard_tokens_per_second_sum', labels) / delta('switchyard_tokens_per_second_count', labels)
      // 20 tokens over ttft + 20/TPS seconds.
      const expected = 20 / (TTFT_MS / 1000 + 20 / TPS)
      assert.ok(Math.abs(mean - expected) / expected < 0.05, `tokens/s ${mean} vs ${expected}`)
    })
  })
})
