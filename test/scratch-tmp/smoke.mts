import { startTestGateway } from '../helpers/gateway.js'
const gw = await startTestGateway(`
providers:
  fake: { kind: fake, ttft_ms: 1, tokens_per_second: 5000 }
models:
  m: fake/fake-1
`)
try {
  const r = await gw.client.responses.create({ model: 'm', input: 'Say hello', instructions: 'be brief' })
  console.log('create', r.id, r.status, JSON.stringify(r.output_text), r.usage)
  const s = gw.client.responses.stream({ model: 'm', input: 'Say hello again', previous_response_id: r.id })
  const types: string[] = []
  for await (const ev of s) types.push(ev.type + ':' + ev.sequence_number)
  const fin = await s.finalResponse()
  console.log(types.slice(0,8).join(' '), '...', types.slice(-5).join(' '))
  console.log('final', fin.id, fin.output_text)
  const got = await gw.client.responses.retrieve(fin.id)
  console.log('retrieve', got.id, got.previous_response_id)
  const items = await gw.client.responses.inputItems.list(fin.id)
  console.log('items', JSON.stringify(items.data))
  await gw.client.responses.delete(fin.id)
  try { await gw.client.responses.retrieve(fin.id) } catch (e) { console.log('after delete', (e as Error).message) }
} finally { await gw.close() }
