/**
 * Two gateway processes sharing one real redis-server act as one gateway: a key's rpm is
 * enforced across both (exactly, not per replica), spend recorded by one is refused by the
 * other, a deployment one replica cools down is cooling down for the other, and when Redis goes away each follows its fail_open setting, then recovers by itself.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { hashKey } from '../../src/config/resolve-access.js'
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.js'
import { metricValue } from '../helpers/gateway.js'
import { startRedis, type TestRedis } from '../helpers/redis-server.js'
import { startupBoundMs } from '../helpers/built-cli.js'

const MASTER = 'sk-master-replica-test-0123456789'
const RPM_KEY = 'sk-sy-rpm-key-secret-1111111111111'
const BUDGET_KEY = 'sk-sy-budget-key-secret-222222222222'
const RPM = 10
const BUDGET_USD = 0.05

const routesYaml = (failOpen: boolean) => `
server:
  master_key: \${MASTER}
state:
  backend: redis
  url: \${REDIS_URL}
  fail_open: ${failOpen}
providers:
  fake: { kind: fake, ttft_ms: 0, tokens_per_second: 100000, models: [echo-1] }
models:
  chat:
    deployments:
      - target: fake/echo-1
        price: { input: 1000, output: 2000 }
  cached:
    cache: true
    deployments:
      - target: fake/echo-1
  # Its own deployment, so the cooldown test leaves the others alone.
  flaky: fake/echo-2
keys:
  - name: rpm-team
    hash: sha256:${hashKey(RPM_KEY)}
    rpm: ${RPM}
  - name: budget-team
    hash: sha256:${hashKey(BUDGET_KEY)}
    max_budget_usd: ${BUDGET_USD}
`

async function chat(gw: GatewayProcess, key: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hello replicas' }], max_tokens: 5, ...body }),
  })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

const stateUp = async (gw: GatewayProcess) => metricValue(await (await fetch(`${gw.url}/metrics`)).text(), 'switchyard_state_up')

/** Polls `check`; gives up after as long as a process start may take on this machine. */
async function until(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + (await startupBoundMs())
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

describe('two gateway processes sharing one Redis', () => {
  let redis: TestRedis
  let a: GatewayProcess
  let b: GatewayProcess
  before(async () => {
    redis = await startRedis()
    const env = { MASTER, REDIS_URL: redis.url }
    // Replica a keeps serving through a Redis outage; replica b refuses what it cannot count.
    ;[a, b] = await Promise.all([startGatewayProcess(routesYaml(true), env), startGatewayProcess(routesYaml(false), env)])
  })
  after(async () => {
    await Promise.all([a?.close(), b?.close()])
    await redis?.close()
  })

  it(`enforce one key's rpm across both replicas exactly`, async () => {
    // Warm both up first (a process's first request loads code lazily), so they race evenly.
    await Promise.all([chat(a, MASTER), chat(b, MASTER)])
    const sent = 3 * RPM
    const results = await Promise.all(Array.from({ length: sent }, (_, i) => chat(i % 2 === 0 ? a : b, RPM_KEY)))
    const accepted = results.filter((r) => r.status === 200).length
    const refused = results.filter((r) => r.status === 429)
    const acceptedBy = (even: boolean) => results.filter((r, i) => r.status === 200 && (i % 2 === 0) === even).length
    console.log(`two replicas: limit ${RPM} rpm, requests sent ${sent} (${sent / 2} to each), accepted ${accepted} (a ${acceptedBy(true)}, b ${acceptedBy(false)})`)
    assert.equal(accepted, RPM)
    assert.equal(refused.length, sent - RPM)
    for (const r of refused) {
      assert.equal(JSON.parse(r.text).error.code, 'requests_per_minute_exceeded')
      assert.ok(Number(r.headers.get('retry-after')) >= 1)
    }
  })

  it('share spend: a budget spent through one replica is refused by the other', async () => {
    let spentOnA = 0
    for (let i = 0; i < 30; i++) {
      const r = await chat(a, BUDGET_KEY)
      if (r.status !== 200) {
        assert.equal(JSON.parse(r.text).error.code, 'budget_exceeded')
        break
      }
      spentOnA += Number(r.headers.get('x-switchyard-cost-usd'))
    }
    assert.ok(spentOnA >= BUDGET_USD, `spent ${spentOnA} through a`)
    const onB = await chat(b, BUDGET_KEY)
    assert.equal(onB.status, 429)
    assert.equal(JSON.parse(onB.text).error.code, 'budget_exceeded')
    const spendA = metricValue(await (await fetch(`${a.url}/metrics`)).text(), 'switchyard_spend_usd_total', { key: 'budget-team' })!
    assert.ok(Math.abs(spendA - spentOnA) < 1e-6, `metric ${spendA} vs headers ${spentOnA}`)
  })

  it("serve each other's cache hits, JSON and streamed", async () => {
    for (const stream of [false, true]) {
      const body = { model: 'cached', messages: [{ role: 'user', content: `shared cache ${stream}` }], stream }
      const first = await chat(a, MASTER, body)
      const second = await chat(b, MASTER, body)
      assert.equal(first.status, 200)
      assert.equal(first.headers.get('x-switchyard-cache'), 'miss')
      assert.equal(second.headers.get('x-switchyard-cache'), 'hit')
      assert.equal(second.text, first.text)
      if (stream) assert.match(second.headers.get('content-type') ?? '', /text\/event-stream/)
    }
  })

  it('share a cooldown: a deployment that answered 429 on one replica is skipped by the other until its Retry-After ends', async () => {
    // The fake's 429 carries retry-after: 1, and a 429 cools its deployment down for that long.
    const limited = await chat(a, MASTER, { model: 'flaky', messages: [{ role: 'user', content: 'fake:error 429' }] })
    assert.equal(limited.status, 429)
    // A rate limit reads as a rate limit on the other replica too: 429 with the upstream's wait.
    const onB = await chat(b, MASTER, { model: 'flaky' })
    assert.equal(onB.status, 429, onB.text)
    assert.equal(JSON.parse(onB.text).error.code, 'rate_limit_exceeded')
    assert.ok(Number(onB.headers.get('retry-after')) >= 1)
    assert.match(await (await fetch(`${b.url}/metrics`)).text(), /switchyard_errors_total\{route="flaky",kind="upstream"\} 1/)
    await sleep(1200)
    // Cooled down: b's next request is the half-open probe, and it succeeds.
    assert.equal((await chat(b, MASTER, { model: 'flaky' })).status, 200)
    assert.equal((await chat(a, MASTER, { model: 'flaky' })).status, 200)
  })

  it('Redis stopped: a keeps answering (fail_open), b refuses keyed requests with 503 and reports not ready; both recover when it returns', async () => {
    assert.equal(await stateUp(a), 1)
    await redis.stop()
    await until('both replicas to notice', async () => (await stateUp(a)) === 0 && (await stateUp(b)) === 0)
    const onA = await chat(a, RPM_KEY)
    assert.equal(onA.status, 200, onA.text)
    const onB = await chat(b, RPM_KEY)
    assert.equal(onB.status, 503)
    assert.equal(JSON.parse(onB.text).error.code, 'state_unavailable')
    // A request that needs no shared state (the master key has no limits) is still served.
    assert.equal((await chat(b, MASTER)).status, 200)
    // Readiness follows fail_open: a load balancer keeps sending to a, and drains b until Redis is back.
    assert.equal((await fetch(`${a.url}/health/readiness`)).status, 200)
    const notReady = await fetch(`${b.url}/health/readiness`)
    assert.equal(notReady.status, 503)
    assert.match(await notReady.text(), /fail_open is false/)
    assert.ok((metricValue(await (await fetch(`${a.url}/metrics`)).text(), 'switchyard_state_failures_total') ?? 0) >= 1)

    await redis.start()
    await until('both replicas to reconnect', async () => (await stateUp(a)) === 1 && (await stateUp(b)) === 1)
    assert.equal((await chat(b, RPM_KEY)).status, 200)
    assert.equal((await chat(a, RPM_KEY)).status, 200)
    for (const gw of [a, b]) assert.equal((await fetch(`${gw.url}/health/readiness`)).status, 200)
    assert.ok(a.alive() && b.alive())
    assert.match(a.output(), /state store \(redis\) unreachable: counting locally/)
    assert.match(b.output(), /state store \(redis\) unreachable: refusing requests/)
  })

  it('no key appears in either replica\'s logs', () => {
    for (const gw of [a, b]) for (const secret of [MASTER, RPM_KEY, BUDGET_KEY]) assert.ok(!gw.output().includes(secret), 'a key was logged')
  })
})
