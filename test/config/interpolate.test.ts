import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { expand } from '../../src/config/interpolate.js'
import { ConfigError, parseConfig } from '../../src/config/load.js'

describe('expand', () => {
  const env = { HOST: 'api.example.com', EMPTY: '', PORT: '8443' }

  it('substitutes set variables, several per string', () => {
    assert.deepStrictEqual(expand('https://${HOST}:${PORT}/v1', env), { ok: true, value: 'https://api.example.com:8443/v1', missing: [] })
  })

  it('uses the default when the variable is unset or empty', () => {
    assert.deepStrictEqual(expand('${NOPE:-fallback}', env), { ok: true, value: 'fallback', missing: [] })
    assert.deepStrictEqual(expand('${EMPTY:-fallback}', env), { ok: true, value: 'fallback', missing: [] })
    assert.deepStrictEqual(expand('${HOST:-fallback}', env), { ok: true, value: 'api.example.com', missing: [] })
    assert.deepStrictEqual(expand('${NOPE:-}', env), { ok: true, value: '', missing: [] })
    assert.deepStrictEqual(expand('${NOPE:-a:-b}', env), { ok: true, value: 'a:-b', missing: [] })
  })

  it('treats $${ as a literal ${ and leaves other dollars alone', () => {
    assert.deepStrictEqual(expand('$${HOST}', env), { ok: true, value: '${HOST}', missing: [] })
    assert.deepStrictEqual(expand('cost $5, $HOST, $$', env), { ok: true, value: 'cost $5, $HOST, $$', missing: [] })
    // Leftmost first: a lone $, then the escape.
    assert.deepStrictEqual(expand('$$${HOST}', env), { ok: true, value: '$${HOST}', missing: [] })
  })

  it('lists unset variables without a default once each', () => {
    assert.deepStrictEqual(expand('${A}-${B}-${A}', env), { ok: true, value: '--', missing: ['A', 'B'] })
    assert.deepStrictEqual(expand('${EMPTY}', env), { ok: true, value: '', missing: ['EMPTY'] })
  })

  it('rejects malformed references', () => {
    assert.equal(expand('${HOST', env).ok, false)
    assert.equal(expand('${1ABC}', env).ok, false)
    assert.equal(expand('${A B}', env).ok, false)
    assert.equal(expand('${A-default}', env).ok, false)
    assert.equal(expand('${}', env).ok, false)
  })
})

describe('interpolation in routes.yaml', () => {
  const yaml = [
    'server:',
    '  host: ${BIND:-127.0.0.1}',
    'providers:',
    '  groq:',
    '    kind: openai',
    '    base_url: ${GROQ_BASE:-https://api.groq.com/openai/v1}',
    '    api_key: ${GROQ_API_KEY}',
    '    headers:',
    '      X-Literal: "$${NOT_EXPANDED}"',
    '      X-Org: ${ORG:-}',
    'models:',
    '  fast: ${FAST_PROVIDER:-groq}/llama-3.1-8b-instant',
  ].join('\n')

  it('expands set variables and defaults, keeps escaped ones literal', () => {
    const config = parseConfig(yaml, 'routes.yaml', { GROQ_API_KEY: 'gsk-1', BIND: '10.0.0.1', ORG: 'acme' })
    assert.equal(config.server.host, '10.0.0.1')
    const groq = config.providers.get('groq')
    assert.equal(groq?.baseUrl, 'https://api.groq.com/openai/v1')
    assert.equal(groq?.apiKey, 'gsk-1')
    assert.deepStrictEqual(groq?.missingEnv, [])
    assert.deepStrictEqual(groq?.headers, { 'X-Literal': '${NOT_EXPANDED}', 'X-Org': 'acme' })
    assert.equal(config.routes.get('fast')?.deployments[0]?.id, 'groq/llama-3.1-8b-instant')
    assert.deepStrictEqual(config.warnings, [])
  })

  it('an empty ${VAR:-} means unset: the header is left out', () => {
    const config = parseConfig(yaml, 'routes.yaml', { GROQ_API_KEY: 'gsk-1' })
    assert.deepStrictEqual(config.providers.get('groq')?.headers, { 'X-Literal': '${NOT_EXPANDED}' })
    assert.equal(config.server.host, '127.0.0.1')
  })

  it('an unset secret is a warning and missingEnv, not an error', () => {
    const config = parseConfig(yaml, 'routes.yaml', {})
    const groq = config.providers.get('groq')
    assert.equal(groq?.apiKey, undefined)
    assert.deepStrictEqual(groq?.missingEnv, ['GROQ_API_KEY'])
    assert.deepStrictEqual(config.warnings, [
      "routes.yaml:7:14: provider 'groq' needs GROQ_API_KEY, which is not set; requests routed to it will fail with 503",
    ])
  })

  it('an empty ${VAR:-} api_key means no key, with no warning', () => {
    const config = parseConfig('providers:\n  vllm: { kind: openai, base_url: "http://gpu:8000/v1", api_key: "${VLLM_KEY:-}" }\n', 'r.yaml', {})
    assert.equal(config.providers.get('vllm')?.apiKey, undefined)
    assert.deepStrictEqual(config.providers.get('vllm')?.missingEnv, [])
    assert.deepStrictEqual(config.warnings, [])
  })

  it('unset bedrock credentials, written or defaulted, are warnings', () => {
    const config = parseConfig(
      ['providers:', '  a:', '    kind: bedrock', '    region: us-east-1', '    secret_access_key: ${MY_SECRET}', '  b:', '    kind: bedrock', '    region: us-east-1'].join('\n'),
      'routes.yaml',
      {},
    )
    assert.deepStrictEqual(config.providers.get('a')?.missingEnv, ['MY_SECRET', 'AWS_ACCESS_KEY_ID'])
    assert.deepStrictEqual(config.providers.get('b')?.missingEnv, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
    assert.deepStrictEqual(config.warnings, [
      "routes.yaml:2:3: provider 'a' needs AWS_ACCESS_KEY_ID, which is not set; requests routed to it will fail with 503",
      "routes.yaml:5:24: provider 'a' needs MY_SECRET, which is not set; requests routed to it will fail with 503",
      "routes.yaml:6:3: provider 'b' needs AWS_ACCESS_KEY_ID, which is not set; requests routed to it will fail with 503",
      "routes.yaml:6:3: provider 'b' needs AWS_SECRET_ACCESS_KEY, which is not set; requests routed to it will fail with 503",
    ])
  })

  it('an unset variable without default elsewhere is an error at its line:col', () => {
    assert.throws(
      () => parseConfig(yaml.replace('${GROQ_BASE:-https://api.groq.com/openai/v1}', '${GROQ_BASE}'), 'routes.yaml', { GROQ_API_KEY: 'k' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError)
        assert.equal(
          err.message,
          'routes.yaml:6:15: providers.groq.base_url uses ${GROQ_BASE}, which is not set (write ${GROQ_BASE:-default} to give a default)',
        )
        return true
      },
    )
  })

  it('a malformed reference is an error at its line:col', () => {
    assert.throws(
      () => parseConfig('providers:\n  up: { kind: openai, headers: { X: "${OOPS" } }\n', 'routes.yaml', {}),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError)
        assert.equal(err.message, 'routes.yaml:2:37: providers.up.headers.X has a ${ without a closing } (write $${ for a literal ${)')
        return true
      },
    )
  })

  it('schema errors show the text as written, never an expanded secret', () => {
    assert.throws(
      () => parseConfig('providers:\n  up: { kind: openai, api_key: "${KEY}", api_version: "${KEY}" }\n', 'routes.yaml', { KEY: 'sk-secret' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError)
        assert.doesNotMatch(err.message, /sk-secret/)
        return true
      },
    )
  })
})
