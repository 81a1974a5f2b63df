import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { directRoute, loadConfig, resolveRoute } from '../../src/config/load.js'
import { FULL_ENV, FULL_YAML } from './full-fixture.js'

const config = loadConfig(FULL_YAML, FULL_ENV)
const serverTimeouts = { connectMs: 2000, ttftMs: 30000, idleMs: 15000, totalMs: 120000, keepaliveMs: 15000 }

describe('resolveRoute', () => {
  it('finds an alias first', () => {
    const route = resolveRoute(config, 'chat')
    assert.equal(route, config.routes.get('chat'))
    assert.equal(route?.alias, true)
  })

  it('builds a direct route for provider/model of a declared provider, split at the first slash', () => {
    const route = resolveRoute(config, 'together/meta-llama/Llama-3-8b-chat-hf')
    assert.deepStrictEqual(route, {
      name: 'together/meta-llama/Llama-3-8b-chat-hf',
      label: 'together/meta-llama/Llama-3-8b-chat-hf',
      alias: false,
      deployments: [
        {
          id: 'together/meta-llama/Llama-3-8b-chat-hf',
          target: 'together/meta-llama/Llama-3-8b-chat-hf',
          provider: 'together',
          model: 'meta-llama/Llama-3-8b-chat-hf',
          weight: 1,
        },
      ],
      strategy: 'weighted',
      retries: 1,
      fallbacks: [],
      contextWindowFallbacks: [],
      timeouts: serverTimeouts,
      dropParams: false,
      toolValidation: { mode: 'annotate', retries: 1 },
    })
  })

  it('returns undefined for unknown names, undeclared providers and empty models', () => {
    assert.equal(resolveRoute(config, 'gpt-4o'), undefined)
    assert.equal(resolveRoute(config, 'openai/gpt-4o'), undefined)
    assert.equal(resolveRoute(config, 'groq/'), undefined)
    assert.equal(resolveRoute(config, '/llama'), undefined)
    assert.equal(resolveRoute(config, ''), undefined)
  })
})

describe('directRoute labels', () => {
  it('uses provider/model for a model declared under the provider', () => {
    assert.equal(directRoute(config, 'groq', 'llama-3.3-70b-versatile').label, 'groq/llama-3.3-70b-versatile')
    assert.equal(directRoute(config, 'local', 'llama3').label, 'local/llama3')
  })

  it('uses provider/model for a model some alias targets', () => {
    assert.equal(directRoute(config, 'claude', 'claude-sonnet-4-5').label, 'claude/claude-sonnet-4-5')
    assert.equal(directRoute(config, 'aws', 'us.amazon.nova-micro-v1:0').label, 'aws/us.amazon.nova-micro-v1:0')
  })

  it('bounds anything else a client types to provider/*', () => {
    const route = directRoute(config, 'groq', 'made-up-model-123')
    assert.equal(route.label, 'groq/*')
    assert.equal(route.name, 'groq/made-up-model-123')
    assert.equal(route.deployments[0]?.model, 'made-up-model-123')
    assert.equal(directRoute(config, 'claude', 'claude-sonnet-4-5-x').label, 'claude/*')
  })

  it('refuses an undeclared provider with a 404', () => {
    assert.throws(
      () => directRoute(config, 'nope', 'x'),
      (err: unknown) => err instanceof GatewayError && err.status === 404 && err.detail.param === 'model',
    )
  })

  it('is frozen like the rest of the config', () => {
    const route = directRoute(config, 'groq', 'x')
    assert.ok(Object.isFrozen(route))
    assert.ok(Object.isFrozen(route.deployments))
    assert.ok(Object.isFrozen(route.deployments[0]))
  })
})
