/**
 * The official openai SDK → the gateway → a fake Bedrock runtime on 127.0.0.1 that verifies
 * every SigV4 signature (recomputed with aws4fetch over the request as received, with the test
 * credentials) and replays recorded Converse JSON and ConverseStream event-stream bytes.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { sigv4Guard } from '../helpers/provider-guards.js'
import { assertRateObserved, bothAnswers, plainAnswer, streamedAnswer, streamUntilError, type Answer } from '../helpers/e2e-answers.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'bedrock' }
const EVENTS = { 'content-type': 'application/vnd.amazon.eventstream' }
const JSON_CT = { 'content-type': 'application/json' }
const MODEL = 'us.amazon.nova-micro-v1:0'
const weather = { type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }
const ask = (model: string, content = 'Who are you?') => ({ model, messages: [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content }] })

interface Decoded {
  headers: Record<string, string>
  payload: { delta?: { text?: string }; usage?: { inputTokens: number; outputTokens: number } }
}

describe('bedrock (Converse) through the gateway', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: sigv4Guard(CREDS, () => upstream.url) })
    gw = await startInProcessGateway(
      `
providers:
  aws:
    kind: bedrock
    base_url: ${upstream.url}
    region: us-east-1
    access_key_id: '\${AWS_ACCESS_KEY_ID}'
    secret_access_key: '\${AWS_SECRET_ACCESS_KEY}'
  aws-wrong-secret:
    kind: bedrock
    base_url: ${upstream.url}
    region: us-east-1
    access_key_id: ${CREDS.accessKeyId}
    secret_access_key: not-the-secret
models:
  nova: aws/${MODEL}
  claude: aws/anthropic.claude-3-haiku-20240307-v1:0
  titan: aws/amazon.titan-embed-text-v2:0
  bad-signature: aws-wrong-secret/${MODEL}
`,
      { AWS_ACCESS_KEY_ID: CREDS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey },
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('non-streaming Converse: text, finish and usage; a correctly signed request to the encoded model path', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('bedrock', 'converse-response-text.json'), headers: JSON_CT, headersDelayMs: 40 }))
    const recorded = fixtureJson<{ output: { message: { content: { text: string }[] } }; usage: { inputTokens: number; outputTokens: number } }>('bedrock', 'converse-response-text.json')
    let answer: Answer | undefined
    await assertRateObserved(gw, 'nova', false, recorded.usage.outputTokens, 0.035, async () => {
      answer = await plainAnswer(gw.client, ask('nova'))
    })
    assert.deepEqual(answer, { text: recorded.output.message.content[0]!.text, toolCalls: [], finish: 'stop', usage: { prompt: recorded.usage.inputTokens, completion: recorded.usage.outputTokens } })
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/model/us.amazon.nova-micro-v1%3A0/converse')
    assert.match(String(sent.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/)
    const body = sent.json() as { system: unknown; messages: unknown }
    assert.deepEqual(body.system, [{ text: 'Be brief.' }])
    assert.deepEqual(body.messages, [{ role: 'user', content: [{ text: 'Who are you?' }] }])
  })

  it('ConverseStream (binary event stream): text, finish, usage from the metadata event; TTFT and tokens/sec recorded', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('bedrock', 'converse-stream-text.eventstream'), headers: EVENTS, split: 'eventstream', delayMs: 10, headersDelayMs: 30 }))
    const decoded = fixtureBytes('bedrock', 'converse-stream-text.decoded.jsonl')
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Decoded)
    const texts = decoded.flatMap((d) => (d.payload.delta?.text === undefined ? [] : [d.payload.delta.text]))
    const usage = decoded.at(-1)!.payload.usage!
    let answer: Answer | undefined
    // One piece per text delta, 10 ms apart; half that time allows for uneven delivery.
    await assertRateObserved(gw, 'nova', true, usage.outputTokens, texts.length * 0.005, async () => {
      answer = await streamedAnswer(gw.client, ask('nova'))
    }, 0.04) // headers after 30 ms; messageStart before the first text
    assert.deepEqual(answer, { text: texts.join(''), toolCalls: [], finish: 'stop', usage: { prompt: usage.inputTokens, completion: usage.outputTokens } })
    assert.equal(upstream.received.at(-1)!.path, '/model/us.amazon.nova-micro-v1%3A0/converse-stream')
  })

  it('tool use, streamed (input in fragments) and not: the same call to the same function, finish tool_calls', async () => {
    upstream.setResponder((req) =>
      req.path.endsWith('/converse-stream')
        ? { body: fixtureBytes('bedrock', 'converse-stream-tool-use.eventstream'), headers: EVENTS, split: 'eventstream' }
        : { body: fixtureBytes('bedrock', 'converse-response-tool-use.json'), headers: JSON_CT },
    )
    const params = { ...ask('nova', 'Weather in Detroit today?'), tools: [weather] }
    // Two samples of one prompt: each explains itself in its own words before the same call.
    const { plain, streamed } = await bothAnswers(gw.client, params, false)
    assert.ok(plain.text.length > 0 && streamed.text.length > 0)
    assert.deepEqual(plain.toolCalls, [{ name: 'weather', arguments: { city: 'Detroit' } }])
    assert.equal(plain.finish, 'tool_calls')
    assert.deepEqual(plain.usage, { prompt: 460, completion: 60 })
    assert.deepEqual(streamed.usage, { prompt: 442, completion: 72 })
    const sent = upstream.received.at(-1)!.json() as { toolConfig: { tools: { toolSpec: { name: string } }[] } }
    assert.deepEqual(sent.toolConfig.tools.map((t) => t.toolSpec.name), ['weather'])
  })

  it('an image goes as Converse image bytes to a model that reads images; Nova Micro is refused by the capability matrix', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('bedrock', 'converse-response-text.json'), headers: JSON_CT }))
    const withImage = (model: string) => ({ model, messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'What is this?' }, { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }] })
    await plainAnswer(gw.client, withImage('claude'))
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse')
    assert.deepEqual((sent.json() as { messages: { content: unknown[] }[] }).messages[0]!.content[1], { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } })
    const refused = await gw.client.chat.completions.create(withImage('nova')).catch((e: unknown) => e)
    assert.ok(refused instanceof APIError)
    assert.equal(refused.status, 400)
    assert.match(refused.message, /'nova' does not support vision/)
  })

  it('an exception frame after text ends the stream with an error the SDK raises', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('bedrock', 'converse-stream-model-stream-error.eventstream'), headers: EVENTS, split: 'eventstream' }))
    const { text, error: err } = await streamUntilError(gw.client, ask('nova'))
    assert.ok(text.length > 0)
    assert.match(err.message, /invalid sequence/)
  })

  it('Titan embeddings through a signed InvokeModel (documented response shape)', async () => {
    upstream.setResponder(() => ({ body: JSON.stringify({ embedding: [0.125, -0.5, 0.25], inputTextTokenCount: 6 }), headers: JSON_CT }))
    const res = await gw.client.embeddings.create({ model: 'titan', input: 'sunny day at the beach' })
    assert.deepEqual(res.data[0]!.embedding, [0.125, -0.5, 0.25])
    assert.equal(res.usage.prompt_tokens, 6)
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/model/amazon.titan-embed-text-v2%3A0/invoke')
    assert.equal((sent.json() as { inputText: string }).inputText, 'sunny day at the beach')
  })

  it('SigV4 is verified: a wrong secret, or a body changed after signing, gets 403 InvalidSignatureException; the gateway answers 502 naming the provider', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('bedrock', 'converse-response-text.json'), headers: JSON_CT }))
    await plainAnswer(gw.client, ask('nova'))
    const good = upstream.received.at(-1)!
    const before = upstream.rejected.length
    const tampered = await fetch(`${upstream.url}${good.path}`, {
      method: 'POST',
      headers: Object.fromEntries(Object.entries(good.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as [string, string][]),
      body: good.body.replace('Who are you?', 'Who am I?'),
    })
    assert.equal(tampered.status, 403)
    assert.match(tampered.headers.get('x-amzn-errortype') ?? '', /^InvalidSignatureException/)

    const wrong = await gw.client.chat.completions.create(ask('bad-signature')).catch((e: unknown) => e)
    assert.ok(wrong instanceof APIError)
    assert.equal(wrong.status, 502)
    assert.match(wrong.message, /aws-wrong-secret/)
    assert.doesNotMatch(wrong.message, /not-the-secret/)
    assert.equal(upstream.rejected.length - before, 2)
  })

  it('ThrottlingException 429 is passed on as a rate limit with Retry-After', async () => {
    upstream.setResponder(() => ({
      status: 429,
      headers: { ...JSON_CT, 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/', 'retry-after': '4' },
      body: JSON.stringify({ message: 'Too many requests, please wait before trying again.' }),
    }))
    const res = await gw.fetch('/v1/chat/completions', { method: 'POST', headers: JSON_CT, body: JSON.stringify(ask('nova')) })
    assert.equal(res.status, 429)
    assert.equal(res.headers.get('retry-after'), '4')
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded')
  })
})
