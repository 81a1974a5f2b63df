import assert from 'node:assert/strict'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.js'
import type { Config, ProviderConfig, RouteConfig, Timeouts } from '../../src/config/types.js'
import { FULL_ENV, FULL_YAML } from './full-fixture.js'

const here = path.dirname(fileURLToPath(import.meta.url))

function plain(config: Config): unknown {
  return {
    ...config,
    providers: Object.fromEntries(config.providers),
    routes: Object.fromEntries(config.routes),
    auth: { ...config.auth, keys: Object.fromEntries(config.auth.keys) },
  }
}

const serverTimeouts: Timeouts = { connectMs: 2000, ttftMs: 30000, idleMs: 15000, totalMs: 120000, keepaliveMs: 15000 }

function provider(p: Partial<ProviderConfig> & Pick<ProviderConfig, 'name' | 'kind' | 'baseUrl'>): ProviderConfig {
  // The openai kind's own options always resolve to an explicit answer (both default false).
  const options = p.kind === 'openai' ? { responses_api: false, responses_store: false } : {}
  return { missingEnv: [], headers: {}, models: [], options, ...p }
}

function route(r: Partial<RouteConfig> & Pick<RouteConfig, 'name' | 'deployments'>): RouteConfig {
  return {
    label: r.name,
    alias: true,
    strategy: 'weighted',
    retries: 1,
    fallbacks: [],
    contextWindowFallbacks: [],
    timeouts: serverTimeouts,
    dropParams: false,
    toolValidation: { mode: 'annotate', retries: 1 },
    ...r,
  }
}

function dep(target: string, extra: Partial<RouteConfig['deployments'][number]> = {}): RouteConfig['deployments'][number] {
  const slash = target.indexOf('/')
  return { id: target, target, provider: target.slice(0, slash), model: target.slice(slash + 1), weight: 1, ...extra }
}

describe('loadConfig on the full example', () => {
  it('resolves every key into the expected Config', () => {
    const config = loadConfig(FULL_YAML, FULL_ENV)
    assert.deepStrictEqual(plain(config), {
      file: FULL_YAML,
      auth: { keys: {}, protectMetrics: false },
      state: { backend: 'memory', failOpen: true, prefix: 'switchyard:' },
      cache: { ttlMs: 300_000, maxEntries: 1000 },
      responses: { retentionMs: 2_592_000_000, maxEntries: 1000, maxEntryBytes: 1_048_576 },
      server: {
        port: 8080,
        host: '127.0.0.1',
        maxBodyBytes: 1048576,
        retries: 1,
        toolValidation: { mode: 'annotate', retries: 1 },
        timeouts: serverTimeouts,
        watchConfig: true,
        shutdownGraceMs: 30000,
        shutdownDelayMs: 0,
        logLevel: 'info',
        logContent: false,
        fallbacks: ['test'],
        cooldown: { minFailures: 5, failureRatio: 0.25, windowMs: 60000, durationMs: 20000 },
        backoff: { baseMs: 100, maxMs: 2000 },
        cors: { allowOrigins: [] },
        bodyTimeoutMs: 30000,
        upstreamLimits: { maxBodyBytes: 16777216, maxEventBytes: 16777216, maxErrorBodyBytes: 65536 },
      },
      providers: {
        groq: provider({
          name: 'groq',
          kind: 'openai',
          baseUrl: 'https://api.groq.com/openai/v1',
          apiKey: 'gsk-groq',
          headers: { 'X-Team': 'platform', 'X-Literal': '${NOT_A_VAR}' },
          models: ['llama-3.1-8b-instant', 'llama-3.3-70b-versatile'],
          capabilities: {
            tools: true,
            vision: false,
            jsonSchema: true,
            streaming: true,
            embeddings: false,
            contextWindow: 131072,
            maxOutputTokens: 8192,
          },
        }),
        together: provider({ name: 'together', kind: 'openai', baseUrl: 'https://api.together.xyz/v1', apiKey: 'tgp-together' }),
        'azure-east': provider({
          name: 'azure-east',
          kind: 'azure',
          baseUrl: 'https://contoso-east.openai.azure.com/openai',
          apiKey: 'azure-key',
          options: { api_version: '2024-10-21' },
        }),
        // Unset key: no apiKey, marked missing; the empty `${ANTHROPIC_BETA:-}` header is left out.
        claude: provider({ name: 'claude', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', missingEnv: ['ANTHROPIC_API_KEY'] }),
        google: provider({ name: 'google', kind: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta', apiKey: 'gemini-key' }),
        local: provider({ name: 'local', kind: 'ollama', baseUrl: 'http://localhost:11434', models: ['llama3'] }),
        aws: provider({
          name: 'aws',
          kind: 'bedrock',
          baseUrl: 'https://bedrock-runtime.us-west-2.amazonaws.com',
          options: { region: 'us-west-2', access_key_id: 'AKIAEXAMPLE', secret_access_key: 'aws-secret' },
        }),
        fake: provider({
          name: 'fake',
          kind: 'fake',
          baseUrl: 'fake://local',
          options: { ttft_ms: 5, tokens_per_second: 1000, embedding_dimensions: 8 },
        }),
      },
      routes: {
        fast: route({ name: 'fast', deployments: [dep('groq/llama-3.1-8b-instant')] }),
        chat: route({
          name: 'chat',
          deployments: [
            dep('groq/llama-3.1-8b-instant', { weight: 3, rpm: 30, tpm: 6000, capabilities: { tools: true, contextWindow: 131072 } }),
            dep('together/meta-llama/Llama-3-8b-chat-hf'),
            dep('groq/llama-3.1-8b-instant', { id: 'groq/llama-3.1-8b-instant#2', weight: 0.5 }),
          ],
          retries: 2,
          fallbacks: ['smart'],
          contextWindowFallbacks: ['long'],
          timeouts: { ...serverTimeouts, ttftMs: 10000 },
          dropParams: true,
        }),
        smart: route({ name: 'smart', strategy: 'ordered', deployments: [dep('azure-east/gpt-4o'), dep('claude/claude-sonnet-4-5')] }),
        long: route({ name: 'long', strategy: 'latency', deployments: [dep('google/gemini-2.0-flash')] }),
        cheap: route({
          name: 'cheap',
          strategy: 'least-busy',
          deployments: [dep('aws/us.amazon.nova-micro-v1:0'), dep('local/llama3')],
        }),
        test: route({ name: 'test', deployments: [dep('fake/echo')] }),
      },
      warnings: [
        `${FULL_YAML}:42:14: provider 'claude' needs ANTHROPIC_API_KEY, which is not set; requests routed to it will fail with 503`,
      ],
    })
  })

  it('keeps the order routes.yaml gives providers and aliases', () => {
    const config = loadConfig(FULL_YAML, FULL_ENV)
    assert.deepStrictEqual([...config.providers.keys()], ['groq', 'together', 'azure-east', 'claude', 'google', 'local', 'aws', 'fake'])
    assert.deepStrictEqual([...config.routes.keys()], ['fast', 'chat', 'smart', 'long', 'cheap', 'test'])
  })
})

describe('defaults', () => {
  it('fills in the server, per-kind base URLs, fake settings and route defaults', () => {
    const config = parseConfig(
      [
        'providers:',
        '  oa: { kind: openai }',
        '  an: { kind: anthropic }',
        '  ge: { kind: gemini }',
        '  ol: { kind: ollama }',
        '  br: { kind: bedrock }',
        '  fk: { kind: fake }',
        'models:',
        '  one: oa/gpt-4o-mini',
        '  two:',
        '    deployments: [{ target: fk/x }]',
      ].join('\n'),
      'routes.yaml',
      { AWS_DEFAULT_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'sek', AWS_SESSION_TOKEN: 'tok' },
    )
    assert.deepStrictEqual(config.server, {
      port: 4000,
      // No master key and no virtual keys: open, so loopback only unless a host is given.
      host: '127.0.0.1',
      maxBodyBytes: 4194304,
      retries: 0,
      toolValidation: { mode: 'annotate', retries: 1 },
      timeouts: { connectMs: 5000, ttftMs: 60000, idleMs: 60000, totalMs: 600000, keepaliveMs: 0 },
      watchConfig: true,
      shutdownGraceMs: 30000,
      shutdownDelayMs: 0,
      logLevel: 'info',
      logContent: false,
      fallbacks: [],
      cooldown: { minFailures: 3, failureRatio: 0.5, windowMs: 30000, durationMs: 10000 },
      backoff: { baseMs: 250, maxMs: 5000 },
      cors: { allowOrigins: [] },
      bodyTimeoutMs: 30000,
      upstreamLimits: { maxBodyBytes: 16777216, maxEventBytes: 16777216, maxErrorBodyBytes: 65536 },
    })
    const urls = Object.fromEntries([...config.providers].map(([name, p]) => [name, p.baseUrl]))
    assert.deepStrictEqual(urls, {
      oa: 'https://api.openai.com/v1',
      an: 'https://api.anthropic.com',
      ge: 'https://generativelanguage.googleapis.com/v1beta',
      ol: 'http://localhost:11434',
      br: 'https://bedrock-runtime.eu-central-1.amazonaws.com',
      fk: 'fake://local',
    })
    assert.deepStrictEqual(config.providers.get('br')?.options, {
      region: 'eu-central-1',
      access_key_id: 'AKIA',
      secret_access_key: 'sek',
      session_token: 'tok',
    })
    assert.deepStrictEqual(config.providers.get('br')?.missingEnv, [])
    assert.deepStrictEqual(config.providers.get('fk')?.options, { ttft_ms: 50, tokens_per_second: 200, embedding_dimensions: 16 })
    assert.equal(config.providers.get('oa')?.apiKey, undefined)
    const two = config.routes.get('two')
    assert.equal(two?.strategy, 'weighted')
    assert.equal(two?.retries, 0)
    assert.equal(two?.dropParams, false)
    assert.deepStrictEqual(two?.deployments, [{ id: 'fk/x', target: 'fk/x', provider: 'fk', model: 'x', weight: 1 }])
    assert.deepStrictEqual(config.warnings, [])
  })

  it('prefers AWS_REGION over AWS_DEFAULT_REGION, and the yaml region over both', () => {
    const env = { AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }
    const fromEnv = parseConfig('providers:\n  br: { kind: bedrock }\n', 'r.yaml', env)
    assert.equal(fromEnv.providers.get('br')?.baseUrl, 'https://bedrock-runtime.us-east-2.amazonaws.com')
    const fromYaml = parseConfig('providers:\n  br: { kind: bedrock, region: ap-south-1 }\n', 'r.yaml', env)
    assert.equal(fromYaml.providers.get('br')?.baseUrl, 'https://bedrock-runtime.ap-south-1.amazonaws.com')
    assert.equal(fromYaml.providers.get('br')?.options.region, 'ap-south-1')
  })

  it('uses a bedrock api_key as a bearer token and then does not ask for AWS credentials', () => {
    const config = parseConfig('providers:\n  br: { kind: bedrock, region: us-east-1, api_key: "${BEDROCK_KEY}" }\n', 'r.yaml', { BEDROCK_KEY: 'bk' })
    const br = config.providers.get('br')
    assert.equal(br?.apiKey, 'bk')
    assert.deepStrictEqual(br?.options, { region: 'us-east-1' })
    assert.deepStrictEqual(br?.missingEnv, [])
  })

  it('supports anchors and merge keys', () => {
    const config = parseConfig(
      [
        'providers:',
        '  a: &base { kind: openai, base_url: "https://a.example/v1", headers: { X-Team: core } }',
        '  b:',
        '    <<: *base',
        '    base_url: https://b.example/v1',
        'models:',
        '  one:',
        '    deployments: &deps [{ target: a/m }, { target: b/m }]',
        '  two:',
        '    deployments: *deps',
        '    strategy: ordered',
      ].join('\n'),
      'r.yaml',
      {},
    )
    const b = config.providers.get('b')
    assert.equal(b?.kind, 'openai')
    assert.equal(b?.baseUrl, 'https://b.example/v1')
    assert.deepStrictEqual(b?.headers, { 'X-Team': 'core' })
    assert.deepStrictEqual(config.routes.get('two')?.deployments.map((d) => d.id), ['a/m', 'b/m'])
  })

  it('accepts a file with providers only (direct provider/model requests)', () => {
    const config = parseConfig('providers:\n  oa: { kind: openai }\n', 'r.yaml', {})
    assert.equal(config.routes.size, 0)
  })
})

describe('loadConfig', () => {
  it('reports an unreadable file as a ConfigError naming it', () => {
    const missing = path.join(here, 'fixtures/does-not-exist.yaml')
    assert.throws(
      () => loadConfig(missing, {}),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError)
        assert.equal(err.issues.length, 1)
        assert.match(err.message, new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the file \\(ENOENT`))
        return true
      },
    )
  })
})
