/**
 * The Responses door in front of a real inference server (llama.cpp's llama-server with a tiny
 * model, ../shared/llama-server): passed through to its own /v1/responses, and translated to its
 * chat endpoint, both answering the same openai SDK calls (create, stream, continue with
 * previous_response_id, retrieve). llama.cpp keeps no responses (it refuses
 * previous_response_id), so the gateway rebuilds the conversation for it on both paths.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startLlamaServer, LLAMA_MODEL, type LlamaServer } from '../helpers/llama-server.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { checkResponsesGrammar, parseResponsesSse } from '../helpers/responses-grammar.js'

describe('Responses through Switchyard to llama-server', () => {
  let llama: LlamaServer
  let gw: TestGateway

  before(async () => {
    llama = await startLlamaServer()
    gw = await startTestGateway(`
providers:
  native: { kind: openai, base_url: "${llama.url}/v1", responses_api: true }
  chatonly: { kind: openai, base_url: "${llama.url}/v1" }
models:
  passthrough: native/${LLAMA_MODEL}
  translated: chatonly/${LLAMA_MODEL}
`)
  })
  after(async () => {
    await gw?.close()
    await llama?.close()
  })

  for (const model of ['passthrough', 'translated']) {
    describe(model, () => {
      it('responses.create, then a continuation by previous_response_id, then retrieve', async () => {
        const first = await gw.client.responses.create({ model, input: 'Once upon a time', max_output_tokens: 8 })
        assert.equal(first.object, 'response')
        assert.ok(['completed', 'incomplete'].includes(first.status ?? ''))
        assert.ok(first.output_text.length > 0)
        assert.ok((first.usage?.output_tokens ?? 0) > 0)
        const second = await gw.client.responses.create({ model, input: 'And then?', max_output_tokens: 8, previous_response_id: first.id })
        assert.ok(second.output_text.length > 0)
        const kept = await gw.client.responses.retrieve(second.id)
        assert.equal(kept.output_text, second.output_text)
      })

      it('streams through responses.create({stream: true}) and counts tokens', async () => {
        const before = metricValue(await gw.metricsText(), 'switchyard_tokens_total', { route: model, type: 'completion' }) ?? 0
        const stream = await gw.client.responses.create({ model, input: 'The dragon', max_output_tokens: 6, stream: true })
        const types: string[] = []
        let text = ''
        for await (const event of stream) {
          types.push(event.type)
          if (event.type === 'response.output_text.delta') text += event.delta
        }
        assert.equal(types[0], 'response.created')
        assert.ok(['response.completed', 'response.incomplete'].includes(types.at(-1)!))
        assert.ok(text.length > 0)
        const after = metricValue(await gw.metricsText(), 'switchyard_tokens_total', { route: model, type: 'completion' }) ?? 0
        assert.ok(after > before, 'completion tokens counted from the stream')
      })
    })
  }

  it('the translated stream follows the recorded grammar, numbered from 0', async () => {
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'translated', input: 'A cat', max_output_tokens: 6, stream: true }) })
    const summary = checkResponsesGrammar(parseResponsesSse(await res.text()), { sequenceNumbers: true })
    assert.ok(summary.text.length > 0)
  })

  // Not on passthrough: llama.cpp's own stream is relayed as it comes, and its events lack
  // output_index and its response objects lack output, which the SDK's accumulator needs.
  it('the SDK stream helper accumulates the translated stream', async () => {
    const final = await gw.client.responses.stream({ model: 'translated', input: 'A cat', max_output_tokens: 6 }).finalResponse()
    assert.ok(final.output_text.length > 0)
  })
})
