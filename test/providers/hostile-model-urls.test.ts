/**
 * Whatever a model name holds (a client may name `provider/<anything>`), the path an upstream
 * receives is the adapter's own: the name is one encoded path segment (gemini, azure, bedrock)
 * or stays in the body (openai, anthropic, ollama). Asserted on the exact path undici sends
 * (`new URL(url)`'s pathname and search, as upstream/client.ts builds it), for chat (plain and
 * streamed) and embeddings, for every kind.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatRequest } from '../../src/canonical/chat.js'
import type { EmbeddingsRequest } from '../../src/canonical/embeddings.js'
import { parseConfig } from '../../src/config/load.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { defaultAdapters } from '../../src/providers/registry.js'
import type { CallContext, ProviderKind, UpstreamRequest } from '../../src/providers/types.js'

const config = parseConfig(
  `
providers:
  oa: { kind: openai, base_url: https://up.example/v1, api_key: sk-test-0123456789 }
  az: { kind: azure, base_url: https://res.openai.azure.com, api_key: az-test-key, api_version: 2024-10-21 }
  an: { kind: anthropic, base_url: https://up.example, api_key: sk-ant-test }
  ge: { kind: gemini, base_url: https://up.example/v1beta, api_key: AIza-test }
  ol: { kind: ollama, base_url: https://up.example }
  br: { kind: bedrock, base_url: https://bedrock-runtime.us-east-1.amazonaws.com, region: us-east-1, access_key_id: AKIAEXAMPLE, secret_access_key: secretEXAMPLEKEY }
`,
  'routes.yaml',
  {},
)

/** Hostile names and their one encoded segment. */
const HOSTILE: [string, string][] = [
  ['../../../admin/x', '..%2F..%2F..%2Fadmin%2Fx'],
  ['x?key=1&y=', 'x%3Fkey%3D1%26y%3D'],
  ['a#frag', 'a%23frag'],
  ['100%', '100%25'],
  ['%2e%2e', '%252e%252e'],
  ['模型', '%E6%A8%A1%E5%9E%8B'],
  ['a\r\nX: 1', 'a%0D%0AX%3A%201'],
  ['a b', 'a%20b'],
  ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'us.anthropic.claude-3-5-sonnet-20241022-v2%3A0'],
]

/** The path each kind must send for a model whose encoded segment is `seg`. */
const EXPECTED: Record<Exclude<ProviderKind, 'fake'>, { chat(seg: string, stream: boolean): string; embeddings?(seg: string): string; provider: string; embedPrefix?: [string, string] }> = {
  openai: { provider: 'oa', chat: () => '/v1/chat/completions', embeddings: () => '/v1/embeddings' },
  azure: {
    provider: 'az',
    chat: (seg) => `/openai/deployments/${seg}/chat/completions?api-version=2024-10-21`,
    embeddings: (seg) => `/openai/deployments/${seg}/embeddings?api-version=2024-10-21`,
  },
  anthropic: { provider: 'an', chat: () => '/v1/messages' },
  gemini: {
    provider: 'ge',
    chat: (seg, stream) => (stream ? `/v1beta/models/${seg}:streamGenerateContent?alt=sse` : `/v1beta/models/${seg}:generateContent`),
    embeddings: (seg) => `/v1beta/models/${seg}:batchEmbedContents`,
  },
  ollama: { provider: 'ol', chat: () => '/api/chat', embeddings: () => '/api/embed' },
  bedrock: {
    provider: 'br',
    chat: (seg, stream) => `/model/${seg}/${stream ? 'converse-stream' : 'converse'}`,
    embeddings: (seg) => `/model/${seg}/invoke`,
    // Bedrock embeds only with the families it knows, so the hostile part follows a real id.
    embedPrefix: ['amazon.titan-embed-text-v2:0', 'amazon.titan-embed-text-v2%3A0'],
  },
}

/** Which kinds put the model into the URL (the others send it in the body). */
const IN_PATH = new Set(['azure', 'gemini', 'bedrock'])

function ctxFor(providerName: string, model: string): CallContext {
  const provider = config.providers.get(providerName)!
  return { provider, model, requestId: 'req-1', dropParams: true, dropped: [] }
}

const chatRequest = (model: string, stream: boolean): ChatRequest => ({ model, messages: [{ role: 'user', content: 'hi' }], stream, includeUsage: false, params: {} })
const embeddingsRequest = (model: string): EmbeddingsRequest => ({ model, input: ['hi'], single: true, encodingFormat: 'float' })

/** What undici puts on the request line. */
const sentPath = (req: UpstreamRequest) => {
  const url = new URL(req.url)
  return url.pathname + url.search
}

function bodyModel(req: UpstreamRequest): unknown {
  return typeof req.body === 'string' ? (JSON.parse(req.body) as { model?: unknown }).model : undefined
}

describe('hostile model names in upstream URLs', () => {
  for (const [kind, expected] of Object.entries(EXPECTED)) {
    it(`${kind}: the path is the adapter's own, the name one encoded segment${IN_PATH.has(kind) ? '' : ' (or the body only)'}`, async () => {
      const adapter = defaultAdapters(kind as ProviderKind)!
      for (const [name, segment] of HOSTILE) {
        for (const stream of [false, true]) {
          const req = await adapter.buildRequest(chatRequest(name, stream), ctxFor(expected.provider, name))
          assert.equal(sentPath(req), expected.chat(segment, stream), JSON.stringify(name))
          assert.equal(new URL(req.url).origin, new URL(config.providers.get(expected.provider)!.baseUrl).origin)
          if (!IN_PATH.has(kind) && kind !== 'anthropic') assert.equal(bodyModel(req), name, 'the name travels in the body, as given')
        }
        if (adapter.embeddings !== undefined && expected.embeddings !== undefined) {
          const [prefix, encodedPrefix] = expected.embedPrefix ?? ['', '']
          const req = await adapter.embeddings.buildEmbeddingsRequest(embeddingsRequest(prefix + name), ctxFor(expected.provider, prefix + name))
          assert.equal(sentPath(req), expected.embeddings(encodedPrefix + segment), JSON.stringify(name))
        }
      }
    })
  }

  it('azure, gemini and bedrock: a name that is a dot segment is refused with a 400 naming model', async () => {
    for (const kind of IN_PATH) {
      const expected = EXPECTED[kind as 'azure' | 'gemini' | 'bedrock']
      for (const name of ['..', '.', '']) {
        await assert.rejects(
          async () => defaultAdapters(kind as ProviderKind)!.buildRequest(chatRequest(name, false), ctxFor(expected.provider, name)),
          (err: unknown) => err instanceof GatewayError && err.status === 400 && err.detail.param === 'model',
          `${kind} ${JSON.stringify(name)}`,
        )
      }
    }
  })

  it('anthropic carries the name in the body as given', async () => {
    for (const [name] of HOSTILE) {
      const req = await defaultAdapters('anthropic')!.buildRequest(chatRequest(name, false), ctxFor('an', name))
      assert.equal(bodyModel(req), name)
    }
  })
})
