import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { priceFor } from '../../src/access/account.js'
import { computeCostUsd } from '../../src/cost/compute-cost.js'
import { parseConfig } from '../../src/config/load.js'
import { defaultPrices } from '../../src/providers/registry.js'
import type { ProviderKind } from '../../src/providers/types.js'

describe('prices', () => {
  it('cached prompt tokens are billed at the cached price, the rest at input', () => {
    const price = { input: 2.5, output: 10, cachedInput: 1.25 }
    // 1000 prompt tokens of which 400 cached, 200 completion tokens.
    const cost = computeCostUsd(price, { promptTokens: 1000, completionTokens: 200, cachedPromptTokens: 400 })
    assert.ok(Math.abs(cost - (600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6) < 1e-15)
  })

  it('every provider kind has a table; dated ids and inference profiles find their family', () => {
    const lookups: [ProviderKind, string][] = [
      ['openai', 'gpt-4o-mini-2024-07-18'],
      ['openai', 'llama-3.1-8b-instant'],
      ['azure', 'gpt-4o'],
      ['anthropic', 'claude-sonnet-4-20250514'],
      ['anthropic', 'claude-3-5-haiku-latest'],
      ['gemini', 'gemini-2.0-flash-001'],
      ['bedrock', 'us.anthropic.claude-3-5-sonnet-20241022-v2:0'],
    ]
    for (const [kind, model] of lookups) {
      const price = defaultPrices(kind)(model)
      assert.ok(price !== undefined && price.input > 0 && price.output > 0, `${kind} ${model}`)
    }
    assert.deepEqual(defaultPrices('fake')('anything'), { input: 0, output: 0, cachedInput: 0 })
    assert.equal(defaultPrices('openai')('no-such-model'), undefined)
  })

  it("a deployment's price in routes.yaml overrides the table", () => {
    const config = parseConfig(
      `providers:\n  oa: { kind: openai, api_key: k }\nmodels:\n  chat:\n    deployments:\n      - target: oa/gpt-4o-mini\n        price: { input: 1, output: 2 }\n`,
      'routes.yaml',
      {},
    )
    const deployment = config.routes.get('chat')!.deployments[0]!
    assert.deepEqual(priceFor(deployment, config.providers.get('oa')!), { input: 1, output: 2, cachedInput: 1 })
  })
})
