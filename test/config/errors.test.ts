import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, parseConfig } from '../../src/config/load.js'

/** The lines of the ConfigError that parsing `lines` throws. */
function problems(lines: readonly string[], env: Record<string, string> = {}): string[] {
  try {
    parseConfig(lines.join('\n') + '\n', 'routes.yaml', env)
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`)
    assert.equal(err.message, err.issues.map((i) => `${i.file}:${i.position?.line}:${i.position?.col}: ${i.message}`).join('\n'))
    return err.message.split('\n')
  }
  assert.fail('expected a ConfigError')
}

const ONE_PROVIDER = ['providers:', '  up:', '    kind: openai']

describe('schema errors, each at its line:col', () => {
  it('wrong kind lists the kinds', () => {
    assert.deepStrictEqual(problems(['providers:', '  up:', '    kind: nope']), [
      'routes.yaml:3:11: providers.up.kind must be one of openai, azure, anthropic, gemini, ollama, bedrock, fake',
    ])
  })

  it('unknown key names the key and the allowed keys', () => {
    assert.deepStrictEqual(problems(['server:', '  prot: 80', ...ONE_PROVIDER, 'model: {}']), [
      'routes.yaml:2:3: server has unknown key \'prot\'; allowed keys are port, host, max_body_bytes, retries, timeouts, tool_validation, tool_validation_retries, watch_config, shutdown_grace_ms, shutdown_delay_ms, log_level, log_content, fallbacks, cooldown, backoff, master_key, protect_metrics, cors, body_timeout_ms, upstream_limits',
      'routes.yaml:6:1: the top level has unknown key \'model\'; allowed keys are server, providers, models, keys, state, cache, responses',
    ])
    assert.deepStrictEqual(
      problems([...ONE_PROVIDER, 'models:', '  chat:', '    deployments: [{ target: up/m }]', '    fallback: [x]']),
      [
        "routes.yaml:7:5: models.chat has unknown key 'fallback'; allowed keys are deployments, strategy, retries, fallbacks, context_window_fallbacks, timeouts, drop_params, tool_validation, tool_validation_retries, cache, deprecated",
      ],
    )
  })

  it('a provider key says which keys its kind takes', () => {
    assert.deepStrictEqual(problems([...ONE_PROVIDER, '    region: us-east-1', '    api_kee: x']), [
      "routes.yaml:4:5: providers.up has key 'region', which kind 'openai' does not take; kind 'openai' takes kind, base_url, api_key, headers, models, capabilities, max_connections, responses_api, responses_store",
      "routes.yaml:5:5: providers.up has unknown key 'api_kee'; kind 'openai' takes kind, base_url, api_key, headers, models, capabilities, max_connections, responses_api, responses_store",
    ])
    assert.deepStrictEqual(problems(['providers:', '  f:', '    kind: fake', '    api_version: "1"']), [
      "routes.yaml:4:5: providers.f has key 'api_version', which kind 'fake' does not take; kind 'fake' takes kind, base_url, api_key, headers, models, capabilities, max_connections, ttft_ms, tokens_per_second, embedding_dimensions",
    ])
  })

  it('missing required keys are named at the mapping that lacks them', () => {
    assert.deepStrictEqual(problems(['models: {}']), ["routes.yaml:1:1: the top level is missing required key 'providers'"])
    assert.deepStrictEqual(problems(['providers:', '  az:', '    kind: azure', '    base_url: https://x.openai.azure.com/openai']), [
      "routes.yaml:2:3: providers.az is missing required key 'api_version'",
    ])
    assert.deepStrictEqual(problems([...ONE_PROVIDER, 'models:', '  chat:', '    deployments:', '      - weight: 2']), [
      "routes.yaml:7:9: models.chat.deployments[0] is missing required key 'target'",
    ])
    assert.deepStrictEqual(problems(['providers:', '  up:', '    base_url: http://x']), ["routes.yaml:2:3: providers.up is missing required key 'kind'"])
  })

  it('wrong types say what was expected', () => {
    assert.deepStrictEqual(
      problems([
        'server:',
        '  port: "4000"',
        '  timeouts: { ttft_ms: 1.5 }',
        ...ONE_PROVIDER,
        '    headers: { X-Retries: 3 }',
        '    models: llama',
        'models:',
        '  a: 5',
        '  b:',
        '    deployments: [{ target: up/m, weight: heavy }]',
        '    drop_params: "yes"',
      ]),
      [
        'routes.yaml:2:9: server.port must be an integer',
        'routes.yaml:3:24: server.timeouts.ttft_ms must be an integer',
        'routes.yaml:7:27: providers.up.headers.X-Retries must be a string',
        'routes.yaml:8:13: providers.up.models must be a list',
        'routes.yaml:10:6: models.a must be a string or a mapping',
        'routes.yaml:12:43: models.b.deployments[0].weight must be a number',
        'routes.yaml:13:18: models.b.drop_params must be true or false',
      ],
    )
  })

  it('ranges, patterns, enums and list rules', () => {
    assert.deepStrictEqual(
      problems([
        'server:',
        '  port: 70000',
        'providers:',
        '  "my/up": { kind: openai }',
        '  up: { kind: openai }',
        'models:',
        '  " spaced": up/m',
        '  x: noslash',
        '  y:',
        '    deployments: [{ target: up/m, weight: 0, rpm: 0 }]',
        '    strategy: random',
        '    fallbacks: [x, x]',
        '  z:',
        '    deployments: []',
      ]),
      [
        'routes.yaml:2:9: server.port must be <= 65535',
        "routes.yaml:4:3: providers has an invalid name 'my/up': letters, digits, _ . and - only, starting with a letter or digit (no slash)",
        "routes.yaml:7:3: models has an invalid name ' spaced': no whitespace, not starting with a slash",
        "routes.yaml:8:6: models.x must be a target written '<provider>/<model>'",
        'routes.yaml:10:43: models.y.deployments[0].weight must be > 0',
        'routes.yaml:10:51: models.y.deployments[0].rpm must be >= 1',
        'routes.yaml:11:15: models.y.strategy must be one of weighted, ordered, least-busy, latency',
        'routes.yaml:12:20: models.y.fallbacks lists "x" more than once',
        'routes.yaml:14:18: models.z.deployments must list at least 1 item',
      ],
    )
  })

  it('an empty file and an empty provider', () => {
    assert.deepStrictEqual(problems(['']), ['routes.yaml:1:1: the top level must be a mapping'])
    assert.deepStrictEqual(problems(['providers:', '  up:']), ['routes.yaml:2:3: providers.up must be a mapping'])
    assert.deepStrictEqual(problems(['providers: {}']), ['routes.yaml:1:12: providers must have at least 1 entry'])
  })
})

describe('YAML errors', () => {
  it('a syntax error is reported with its line:col', () => {
    assert.deepStrictEqual(problems(['providers:', '  up: [1, 2', 'models: {}']), [
      'routes.yaml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ])
    assert.deepStrictEqual(problems(['providers:', '  up: { kind: "openai }']), [
      'routes.yaml:3:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      'routes.yaml:3:1: invalid YAML: Missing closing "quote',
    ])
  })

  it('a duplicate key is an error naming the key, at the second one', () => {
    assert.deepStrictEqual(problems([...ONE_PROVIDER, '    kind: anthropic', 'models:', '  a: up/x', '  a: up/y']), [
      "routes.yaml:4:5: providers.up has key 'kind' twice",
      "routes.yaml:7:3: models has key 'a' twice",
    ])
  })
})

describe('YAML anchors', () => {
  it('an error in an aliased value is reported where the alias is used', () => {
    assert.deepStrictEqual(
      problems([...ONE_PROVIDER, 'models:', '  chat:', '    deployments: &deps', '      - target: up/m', '  chat2:', '    deployments: *deps', '    strategy: *deps']),
      ['routes.yaml:10:15: models.chat2.strategy must be one of weighted, ordered, least-busy, latency'],
    )
  })
})

describe('semantic errors', () => {
  it('a target naming an undeclared provider lists the declared ones', () => {
    assert.deepStrictEqual(
      problems([...ONE_PROVIDER, '  oa: { kind: openai }', 'models:', '  fast: groq/llama', '  chat:', '    deployments:', '      - target: up/m', '      - target: togther/meta-llama/x']),
      [
        "routes.yaml:6:9: models.fast names provider 'groq', which is not declared under providers (declared: up, oa)",
        "routes.yaml:10:17: models.chat.deployments[1].target names provider 'togther', which is not declared under providers (declared: up, oa)",
      ],
    )
  })

  it('fallbacks must name other declared aliases', () => {
    assert.deepStrictEqual(
      problems([...ONE_PROVIDER, 'models:', '  a: up/x', '  chat:', '    deployments: [{ target: up/m }]', '    fallbacks: [a, chat]', '    context_window_fallbacks: [long]']),
      [
        "routes.yaml:8:20: models.chat.fallbacks[1] names 'chat' itself",
        "routes.yaml:9:32: models.chat.context_window_fallbacks[0] names 'long', which is not an alias declared under models",
      ],
    )
  })

  it('an alias may not start with a declared provider and a slash', () => {
    assert.deepStrictEqual(problems([...ONE_PROVIDER, 'models:', '  up/fast: up/x', '  meta-llama/Llama-3: up/y']), [
      `routes.yaml:5:3: models["up/fast"]: an alias must not start with 'up/', a declared provider; it would hide the direct target of the same name`,
    ])
  })

  it('base URLs must be http(s) without query or fragment; azure needs one, bedrock a region', () => {
    assert.deepStrictEqual(
      problems([
        'providers:',
        '  a: { kind: openai, base_url: "ftp://example.com" }',
        '  b: { kind: openai, base_url: "not a url" }',
        '  c: { kind: openai, base_url: "https://example.com/v1?x=1" }',
        '  az: { kind: azure, base_url: "${AZURE_BASE:-}", api_version: "2024-10-21" }',
        '  br: { kind: bedrock }',
      ]),
      [
        'routes.yaml:2:32: providers.a.base_url must be an http:// or https:// URL, not ftp://',
        'routes.yaml:3:32: providers.b.base_url is not a valid URL',
        'routes.yaml:4:32: providers.c.base_url must not have a query string or fragment (adapters append paths and parameters to it)',
        "routes.yaml:5:32: providers.az.base_url is empty; kind 'azure' has no default: write https://{resource}.openai.azure.com/openai",
        "routes.yaml:6:3: providers.br (kind 'bedrock') needs a region: set region, or AWS_REGION or AWS_DEFAULT_REGION in the environment",
      ],
    )
  })

  it('collects every problem of a stage, sorted by position', () => {
    const lines = problems([...ONE_PROVIDER, 'models:', '  z: nope/x', '  a: up/x', '  b:', '    deployments: [{ target: gone/y }]', '    fallbacks: [missing]'])
    assert.deepStrictEqual(
      lines.map((l) => l.split(': ')[0]),
      ['routes.yaml:5:6', 'routes.yaml:8:29', 'routes.yaml:9:17'],
    )
  })
})

describe('state.backend chosen from the environment', () => {
  const lines = ['state:', '  backend: ${SWITCHYARD_STATE:-memory}', '  url: ${REDIS_URL:-redis://127.0.0.1:6379}', ...ONE_PROVIDER]

  it('expands to memory by default and to redis when the variable says so', () => {
    assert.equal(parseConfig(lines.join('\n'), 'routes.yaml', {}).state.backend, 'memory')
    const redis = parseConfig(lines.join('\n'), 'routes.yaml', { SWITCHYARD_STATE: 'redis', REDIS_URL: 'redis://cache:6379' }).state
    assert.equal(redis.backend, 'redis')
    assert.equal(redis.url, 'redis://cache:6379')
  })

  it('refuses a value that is neither as written nor once expanded, at its line:col', () => {
    assert.deepStrictEqual(problems(['state:', '  backend: mongo', ...ONE_PROVIDER]), [
      'routes.yaml:2:12: state.backend must be memory or redis (or ${VAR:-memory}, checked after expansion)',
    ])
    assert.deepStrictEqual(problems(lines, { SWITCHYARD_STATE: 'mongo' }), ["routes.yaml:2:12: state.backend must be one of memory, redis (it expanded to 'mongo')"])
    assert.deepStrictEqual(problems(['state:', '  backend: ${B:-redis}', ...ONE_PROVIDER]), ['routes.yaml:2:12: state.backend redis needs state.url (redis://host:port)'])
  })
})
