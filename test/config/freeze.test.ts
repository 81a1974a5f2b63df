import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadConfig } from '../../src/config/load.js'
import type { Config, ProviderConfig, RouteConfig } from '../../src/config/types.js'
import { FULL_ENV, FULL_YAML } from './full-fixture.js'

/** Mutations TypeScript already forbids; these tests prove they also fail at run time. */
type Writable<T> = { -readonly [K in keyof T]: T[K] }

describe('the loaded Config is read-only', () => {
  const config = loadConfig(FULL_YAML, FULL_ENV)

  it('refuses changes to plain fields, nested objects and arrays', () => {
    assert.throws(() => {
      ;(config as Writable<Config>).file = 'other.yaml'
    }, TypeError)
    assert.throws(() => {
      config.server.port = 1
    }, TypeError)
    assert.throws(() => {
      config.server.timeouts.ttftMs = 1
    }, TypeError)
    assert.throws(() => {
      ;(config.warnings as string[]).push('x')
    }, TypeError)
    const groq = config.providers.get('groq') as ProviderConfig
    assert.throws(() => {
      groq.apiKey = 'stolen'
    }, TypeError)
    assert.throws(() => {
      ;(groq.headers as Record<string, string>)['X-New'] = 'y'
    }, TypeError)
    assert.throws(() => {
      ;(groq.models as string[]).push('x')
    }, TypeError)
    assert.throws(() => {
      ;(config.providers.get('aws')?.options as Record<string, unknown>).region = 'x'
    }, TypeError)
    const chat = config.routes.get('chat') as RouteConfig
    assert.throws(() => {
      chat.retries = 9
    }, TypeError)
    assert.throws(() => {
      ;(chat.deployments[0] as Writable<RouteConfig['deployments'][number]>).weight = 100
    }, TypeError)
    assert.throws(() => {
      ;(chat.fallbacks as string[]).push('x')
    }, TypeError)
  })

  it('refuses changes to the maps', () => {
    const providers = config.providers as Map<string, ProviderConfig>
    const routes = config.routes as Map<string, RouteConfig>
    assert.throws(() => providers.set('evil', providers.get('groq') as ProviderConfig), TypeError)
    assert.throws(() => providers.delete('groq'), TypeError)
    assert.throws(() => routes.clear(), TypeError)
    assert.throws(() => {
      ;(routes as unknown as { set: unknown }).set = () => undefined
    }, TypeError)
    assert.equal(config.providers.size, 8)
    assert.equal(config.routes.size, 6)
    assert.equal(config.providers.get('groq')?.apiKey, 'gsk-groq')
  })
})
