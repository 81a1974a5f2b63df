/**
 * Keys, limits, budgets and cost through a real gateway socket with the openai SDK as client:
 * every refusal is an OpenAI-shaped error with the status the SDK maps to the right exception.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import OpenAI from 'openai'
import { globMatcher, hashKey } from '../../src/config/resolve-access.js'
import { parseConfig } from '../../src/config/load.js'
import { ConfigError } from '../../src/config/load.js'
import { metricValue } from '../helpers/gateway.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const MASTER = 'sk-master-0123456789abcdef'
const TEAM_A = 'sk-sy-team-a-secret-aaaaaaaaaaaaaaaa'
const TEAM_B = 'sk-sy-team-b-secret-bbbbbbbbbbbbbbbb'
const TEAM_C = 'sk-sy-team-c-secret-cccccccccccccccc'
// USD per million tokens: 0.001 per prompt token, 0.002 per completion token.
const PRICE = { input: 1000, output: 2000 }

const yaml = (extraServer = '') => `
server:
  master_key: \${MASTER}
${extraServer}
providers:
  fake: { kind: fake, ttft_ms: 0, tokens_per_second: 100000, models: [echo-1] }
  vault: { kind: fake, ttft_ms: 0, tokens_per_second: 100000, models: [echo-1] }
models:
  chat:
    deployments:
      - target: fake/echo-1
        price: { input: ${PRICE.input}, output: ${PRICE.output} }
  vault-chat: vault/echo-1
keys:
  - name: team-a
    hash: sha256:${hashKey(TEAM_A)}
    models: [chat, "fake/*"]
    rpm: 3
  - name: team-b
    hash: sha256:${hashKey(TEAM_B)}
    max_budget_usd: 0.05
    budget_period: 1h
  - name: team-c
    hash: sha256:${hashKey(TEAM_C)}
    tpm: 40
`

const client = (gw: InProcessGateway, apiKey: string) => gw.openai({ apiKey, timeout: 10_000 })
const costOf = (u: { prompt_tokens: number; completion_tokens: number }) => (u.prompt_tokens * PRICE.input + u.completion_tokens * PRICE.output) / 1e6
const ask = (model = 'chat') => ({ model, messages: [{ role: 'user' as const, content: 'hello there' }], max_tokens: 5 })

async function post(gw: InProcessGateway, headers: Record<string, string>, body: unknown = ask()) {
  const res = await gw.fetch('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { res, text: await res.text() }
}

describe('keys, limits, budgets and cost', () => {
  let gw: InProcessGateway
  before(async () => {
    gw = await startInProcessGateway(yaml(), { MASTER })
  })
  after(() => gw.close())

  it('401 without a key or with an unknown one; the body never echoes the key', async () => {
    const none = await post(gw, {})
    assert.equal(none.res.status, 401)
    assert.equal(JSON.parse(none.text).error.code, 'missing_api_key')
    const wrong = await post(gw, { authorization: 'Bearer sk-wrong-key-zzzzzzzz' })
    assert.equal(wrong.res.status, 401)
    assert.equal(JSON.parse(wrong.text).error.code, 'invalid_api_key')
    assert.ok(!wrong.text.includes('sk-wrong-key-zzzzzzzz'))
    await assert.rejects(client(gw, 'nope').chat.completions.create(ask()), OpenAI.AuthenticationError)
  })

  it('the master key may use every model; x-api-key works like Bearer', async () => {
    const res = await client(gw, MASTER).chat.completions.create(ask('vault-chat'))
    assert.equal(res.choices[0]?.finish_reason, 'length')
    const viaHeader = await post(gw, { 'x-api-key': MASTER })
    assert.equal(viaHeader.res.status, 200)
  })

  it('403 for a model outside the allow-list (globs match), 429 with Retry-After past rpm', async () => {
    const a = client(gw, TEAM_A)
    const forbidden = await post(gw, { authorization: `Bearer ${TEAM_A}` }, ask('vault-chat'))
    assert.equal(forbidden.res.status, 403)
    assert.equal(JSON.parse(forbidden.text).error.code, 'model_not_allowed')
    await assert.rejects(a.chat.completions.create(ask('vault/echo-1')), OpenAI.PermissionDeniedError)
    // The refusals above did not use any of the 3 requests of the minute.
    await a.chat.completions.create(ask('chat'))
    await a.chat.completions.create(ask('fake/echo-1'))
    await a.chat.completions.create(ask('fake/anything-else'))
    const limited = await post(gw, { authorization: `Bearer ${TEAM_A}` })
    assert.equal(limited.res.status, 429)
    const retryAfter = Number(limited.res.headers.get('retry-after'))
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`)
    const error = JSON.parse(limited.text).error
    assert.equal(error.code, 'requests_per_minute_exceeded')
    assert.equal(error.type, 'rate_limit_error')
    // A limit the gateway enforces is a policy refusal, not an upstream error; the 403 above too.
    const metrics = await gw.metricsText()
    assert.equal(metricValue(metrics, 'switchyard_errors_total', { route: 'chat', kind: 'policy' }), 1)
    assert.equal(metricValue(metrics, 'switchyard_errors_total', { route: 'vault-chat', kind: 'policy' }), 1)
    assert.equal(metricValue(metrics, 'switchyard_errors_total', { kind: 'upstream' }), undefined)
  })

  it('cost header on JSON answers equals the usage at the configured price, and spend is counted per key', async () => {
    const before = metricValue(await gw.metricsText(), 'switchyard_spend_usd_total', { route: 'chat', key: 'master' }) ?? 0
    const res = await client(gw, MASTER).chat.completions.create(ask()).withResponse()
    const usage = res.data.usage!
    assert.equal(Number(res.response.headers.get('x-switchyard-cost-usd')), Number(costOf(usage).toFixed(8)))
    const stream = await client(gw, MASTER).chat.completions.create({ ...ask(), stream: true, stream_options: { include_usage: true } }).withResponse()
    assert.equal(stream.response.headers.get('x-switchyard-cost-usd'), null, 'a stream sends its headers before usage is known')
    let streamUsage: OpenAI.CompletionUsage | undefined
    for await (const chunk of stream.data) streamUsage = chunk.usage ?? streamUsage
    const after = metricValue(await gw.metricsText(), 'switchyard_spend_usd_total', { route: 'chat', provider: 'fake', model: 'echo-1', key: 'master' })!
    assert.ok(Math.abs(after - before - costOf(usage) - costOf(streamUsage!)) < 1e-9, `spend ${after - before}`)
  })

  it('a key whose budget is spent gets budget_exceeded (429, insufficient_quota)', async () => {
    const b = client(gw, TEAM_B)
    let spent = 0
    let refused: InstanceType<typeof OpenAI.APIError> | undefined
    for (let i = 0; i < 20 && refused === undefined; i++) {
      try {
        const res = await b.chat.completions.create(ask())
        spent += costOf(res.usage!)
      } catch (err) {
        if (!(err instanceof OpenAI.APIError)) throw err
        refused = err
      }
    }
    assert.ok(refused !== undefined, 'the budget was never enforced')
    assert.equal(refused.status, 429)
    assert.equal(refused.code, 'budget_exceeded')
    assert.equal(refused.type, 'insufficient_quota')
    assert.ok(spent >= 0.05 && spent < 0.05 + 0.05, `spent ${spent} before the refusal`)
  })

  it('tpm: refused once the last minute used the key\'s tokens', async () => {
    const c = client(gw, TEAM_C)
    let accepted = 0
    let tokens = 0
    let code: string | null | undefined
    for (let i = 0; i < 20 && code === undefined; i++) {
      try {
        const res = await c.chat.completions.create(ask())
        tokens += res.usage!.total_tokens
        accepted++
      } catch (err) {
        if (!(err instanceof OpenAI.RateLimitError)) throw err
        code = err.code
      }
    }
    assert.equal(code, 'tokens_per_minute_exceeded')
    assert.ok(tokens >= 40 && accepted >= 1, `accepted ${accepted} using ${tokens} tokens`)
  })

  it('embeddings: the allow-list applies and the cost header prices the prompt', async () => {
    await assert.rejects(client(gw, TEAM_A).embeddings.create({ model: 'vault-chat', input: 'hi' }), OpenAI.PermissionDeniedError)
    const res = await client(gw, MASTER).embeddings.create({ model: 'chat', input: 'hello embeddings' }).withResponse()
    const prompt = res.data.usage.prompt_tokens
    assert.ok(prompt > 0)
    assert.equal(Number(res.response.headers.get('x-switchyard-cost-usd')), Number(((prompt * PRICE.input) / 1e6).toFixed(8)))
  })

  it('GET /v1/models lists only the models a key may use', async () => {
    const ids = async (key: string) => (await client(gw, key).models.list()).data.map((m) => m.id).sort()
    assert.deepEqual(await ids(TEAM_A), ['chat', 'fake/echo-1'])
    assert.deepEqual(await ids(MASTER), ['chat', 'fake/echo-1', 'vault-chat', 'vault/echo-1'])
  })

  it('/metrics and health stay open without a key by default', async () => {
    assert.equal((await gw.fetch('/metrics')).status, 200)
    assert.equal((await gw.fetch('/health/readiness')).status, 200)
  })
})

describe('protect_metrics', () => {
  let gw: InProcessGateway
  before(async () => {
    gw = await startInProcessGateway(yaml('  protect_metrics: true'), { MASTER })
  })
  after(() => gw.close())

  it('puts /metrics and health behind a key', async () => {
    assert.equal((await gw.fetch('/metrics')).status, 401)
    assert.equal((await gw.fetch('/health/liveness')).status, 401)
    assert.equal((await gw.fetch('/metrics', { headers: { authorization: `Bearer ${MASTER}` } })).status, 200)
    assert.equal((await gw.fetch('/health/liveness', { headers: { authorization: `Bearer ${TEAM_A}` } })).status, 200)
  })
})

describe('model allow-lists', () => {
  it('`*` matches any run of characters; everything else is literal', () => {
    const allows = globMatcher(['chat', 'groq/*', 'gpt-4.1', '*-mini'])
    for (const model of ['chat', 'groq/llama-3.1-8b-instant', 'groq/meta/llama', 'gpt-4.1', 'openai/gpt-4o-mini']) assert.ok(allows(model), model)
    for (const model of ['chat2', 'xgroq/a', 'gpt-4x1', 'groq', 'mini']) assert.ok(!allows(model), model)
    assert.ok(globMatcher(undefined)('anything'))
  })
})

describe('keys in routes.yaml', () => {
  const base = `providers:\n  fake: { kind: fake }\n`
  it('takes only sha256 hashes, never a key in plain text', () => {
    assert.throws(() => parseConfig(`${base}keys:\n  - name: a\n    hash: ${TEAM_A}\n`, 'routes.yaml', {}), (err: unknown) => {
      assert.ok(err instanceof ConfigError)
      assert.match(err.message, /routes\.yaml:5:11: keys\[0\]\.hash must be a string matching/)
      return true
    })
  })
  it('refuses a name used twice and a hash used twice, at their line', () => {
    const h = `sha256:${hashKey(TEAM_A)}`
    assert.throws(() => parseConfig(`${base}keys:\n  - { name: a, hash: ${h} }\n  - { name: a, hash: ${h} }\n`, 'routes.yaml', {}), (err: unknown) => {
      assert.ok(err instanceof ConfigError)
      assert.match(err.message, /routes\.yaml:5:\d+: keys\[1\]\.hash is the same/)
      assert.match(err.message, /routes\.yaml:5:\d+: keys\[1\]\.name 'a' is used by an earlier key/)
      return true
    })
  })
  it('an unset master key variable is an error unless written with :-', () => {
    assert.throws(() => parseConfig(`server:\n  master_key: \${MK}\n${base}`, 'routes.yaml', {}), /MK/)
    const open = parseConfig(`server:\n  master_key: \${MK:-}\n${base}`, 'routes.yaml', {})
    assert.equal(open.auth.masterKeyHash, undefined)
  })
})
