/**
 * Each provider kind owns its config (src/providers/<kind>/module.ts): its keys in the schema,
 * their resolution from routes.yaml and the environment, and the options its adapter reads.
 * These go from routes.yaml text to the request an adapter builds.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ChatRequest } from '../../src/canonical/chat.js'
import { ConfigError, parseConfig } from '../../src/config/load.js'
import { routesSchemaText } from '../../src/config/schema/generate.js'
import { CommonProviderSchema } from '../../src/config/schema/provider-common.js'
import type { ProviderConfig } from '../../src/config/types.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { defaultAdapters, defaultPrices, MODULES, PROVIDER_KINDS } from '../../src/providers/registry.js'
import type { CallContext, ProviderAdapter } from '../../src/providers/types.js'

function provider(yaml: string, env: Record<string, string> = {}): ProviderConfig {
  const config = parseConfig(`providers:\n  p: ${yaml}\n`, 'routes.yaml', env)
  const p = config.providers.get('p')
  assert.ok(p !== undefined)
  return p
}

function problems(yaml: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(`providers:\n  p: ${yaml}\n`, 'routes.yaml', env)
  } catch (err) {
    assert.ok(err instanceof ConfigError)
    return err.message.split('\n')
  }
  assert.fail('expected a ConfigError')
}

function ctx(p: ProviderConfig, model = 'm'): CallContext {
  return { provider: p, model, requestId: 'req-1', dropParams: false, dropped: [] }
}

const chat = (model: string): ChatRequest => ({ model, messages: [{ role: 'user', content: 'hi' }], stream: false, includeUsage: false, params: {} })

function adapter(p: ProviderConfig): ProviderAdapter {
  const found = defaultAdapters(p.kind)
  assert.ok(found !== undefined)
  return found
}

async function jsonBody(p: ProviderConfig, model = 'm'): Promise<Record<string, unknown>> {
  const req = await adapter(p).buildRequest(chat(model), ctx(p, model))
  assert.equal(typeof req.body, 'string')
  return JSON.parse(String(req.body))
}

describe('the registry', () => {
  it('lists each kind once, under its own name, with its adapter and prices', () => {
    assert.deepStrictEqual(PROVIDER_KINDS, ['openai', 'azure', 'anthropic', 'gemini', 'ollama', 'bedrock', 'fake'])
    for (const kind of PROVIDER_KINDS) {
      assert.equal(MODULES[kind].kind, kind)
      assert.equal(defaultAdapters(kind)?.kind, kind)
      assert.equal(typeof defaultPrices(kind), 'function')
    }
  })

  it("gives each kind exactly the common keys and its module's own keys in the generated schema", async () => {
    const schema: unknown = JSON.parse(await routesSchemaText())
    const branches = new Map<string, unknown>()
    const provider = (schema as { definitions: { provider: { allOf: { if: { properties: { kind: { const: string } } }; then: { propertyNames: { enum: string[] } } }[] } } }).definitions.provider
    for (const branch of provider.allOf) branches.set(branch.if.properties.kind.const, branch.then.propertyNames.enum)
    for (const kind of PROVIDER_KINDS) {
      const own = Object.keys((await MODULES[kind].optionsSchema()).properties)
      assert.deepStrictEqual(branches.get(kind), ['kind', ...Object.keys(CommonProviderSchema.properties), ...own], kind)
    }
  })
})

describe('kinds resolve their own keys, and their adapters read them typed', () => {
  it('ollama: keep_alive (a duration or seconds) and num_ctx reach the request', async () => {
    const body = await jsonBody(provider('{ kind: ollama, keep_alive: 10m, num_ctx: 8192 }'))
    assert.equal(body.keep_alive, '10m')
    assert.deepStrictEqual(body.options, { num_ctx: 8192 })
    assert.equal((await jsonBody(provider('{ kind: ollama, keep_alive: 0 }'))).keep_alive, 0)
    assert.deepStrictEqual(provider('{ kind: ollama, keep_alive: "${KEEP:-}" }').options, {}, 'left empty by its variable: the server decides')
    assert.deepStrictEqual(problems('{ kind: ollama, keep_alive: true, num_ctx: 0 }'), [
      'routes.yaml:2:34: providers.p.keep_alive must be a string or a number',
      'routes.yaml:2:49: providers.p.num_ctx must be >= 1',
    ])
  })

  it('gemini: include_thoughts asks for thought summaries', async () => {
    const body = await jsonBody(provider('{ kind: gemini, api_key: k, include_thoughts: true }'), 'gemini-2.5-pro')
    assert.deepStrictEqual(body.generationConfig, { thinkingConfig: { includeThoughts: true } })
    assert.equal((await jsonBody(provider('{ kind: gemini, api_key: k }'), 'gemini-2.5-pro')).generationConfig, undefined)
  })

  it('azure: api_version goes into the URL', async () => {
    const p = provider('{ kind: azure, base_url: "https://r.openai.azure.com/openai", api_key: k, api_version: 2025-04-01-preview }')
    const req = await adapter(p).buildRequest(chat('dep'), ctx(p, 'dep'))
    assert.equal(req.url, 'https://r.openai.azure.com/openai/deployments/dep/chat/completions?api-version=2025-04-01-preview')
    assert.deepStrictEqual(problems('{ kind: azure, base_url: "https://r.openai.azure.com/openai", api_version: "${V:-}" }'), [
      'routes.yaml:2:81: providers.p.api_version is empty',
    ])
  })

  it('bedrock: the region from routes.yaml, else its base URL, else AWS_REGION; input_type reaches Cohere embeddings', async () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'sek' }
    assert.equal(provider('{ kind: bedrock }', env).options.region, 'eu-west-1')
    const fromUrl = provider('{ kind: bedrock, base_url: "https://bedrock-runtime.ap-south-1.amazonaws.com" }', env)
    assert.equal(fromUrl.options.region, 'ap-south-1')
    assert.equal(provider('{ kind: bedrock, region: us-east-2, base_url: "https://bedrock-runtime.ap-south-1.amazonaws.com" }', env).options.region, 'us-east-2')
    const cohere = provider('{ kind: bedrock, region: us-east-1, input_type: search_query }', env)
    const embeddings = adapter(cohere).embeddings
    assert.ok(embeddings !== undefined)
    const req = await embeddings.buildEmbeddingsRequest({ model: 'cohere.embed-english-v3', input: ['q'], single: true, encodingFormat: 'float' }, ctx(cohere, 'cohere.embed-english-v3'))
    assert.deepStrictEqual(JSON.parse(String(req.body)), { texts: ['q'], input_type: 'search_query' })
    assert.match(req.url, /^https:\/\/bedrock-runtime\.us-east-1\.amazonaws\.com\//)
    assert.deepStrictEqual(problems('{ kind: bedrock, region: us-east-1, input_type: query }', env), [
      'routes.yaml:2:54: providers.p.input_type must be one of search_document, search_query, classification, clustering',
    ])
  })

  it('an adapter refuses a provider of another kind (the registry pairs them; this says so if not)', async () => {
    const fake = provider('{ kind: fake }')
    const bedrock = defaultAdapters('bedrock')
    assert.ok(bedrock !== undefined)
    await assert.rejects(async () => bedrock.buildRequest(chat('m'), ctx(fake)), (err: unknown) => err instanceof GatewayError && err.kind === 'internal')
  })
})
