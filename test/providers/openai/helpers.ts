/** Shared by the openai, azure and fake adapter tests. */
import type { ChatEvent, ChatResult, ToolCall } from '../../../src/canonical/chat.js'
import type { ProviderConfig } from '../../../src/config/types.js'
import type { CallContext, ProviderAdapter } from '../../../src/providers/types.js'
import { decodeSse } from '../../../src/streaming/decode-sse.js'
import { chunksOf, collect } from '../../helpers/fixtures.js'

export function makeCtx(provider: Partial<ProviderConfig> = {}, model = 'gpt-4o'): CallContext {
  return {
    provider: {
      name: 'openai-main',
      kind: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-test-0123456789abcdef',
      missingEnv: [],
      headers: {},
      models: [],
      options: {},
      ...provider,
    },
    model,
    requestId: 'req-123',
    dropParams: false,
    dropped: [],
  }
}

/** Bytes → frames (the real SSE decoder) → the adapter's events. */
export function streamEvents(adapter: ProviderAdapter, chunks: Uint8Array[], ctx: CallContext): Promise<ChatEvent[]> {
  return collect(adapter.parseStream(decodeSse(chunksOf(...chunks)), ctx))
}

/** Folds a canonical event stream into the shape of a ChatResult (for stream-vs-answer checks). */
export function foldEvents(events: ChatEvent[]): ChatResult & { errors: string[] } {
  let text: string | null = null
  let reasoning: string | undefined
  let refusal: string | undefined
  const calls = new Map<number, ToolCall>()
  const out: ChatResult & { errors: string[] } = { text: null, toolCalls: [], finish: 'stop', errors: [] }
  for (const e of events) {
    switch (e.type) {
      case 'start':
        if (e.id !== undefined) out.id = e.id
        if (e.upstreamModel !== undefined) out.upstreamModel = e.upstreamModel
        break
      case 'text':
        text = (text ?? '') + e.delta
        break
      case 'reasoning':
        reasoning = (reasoning ?? '') + e.delta
        break
      case 'refusal':
        refusal = (refusal ?? '') + e.delta
        break
      case 'tool-call-start':
        calls.set(e.index, { id: e.id, name: e.name, arguments: '' })
        break
      case 'tool-call-delta': {
        const call = calls.get(e.index)
        if (call === undefined) throw new Error(`delta for unknown tool call ${e.index}`)
        call.arguments += e.argsDelta
        break
      }
      case 'usage':
        out.usage = e.usage
        break
      case 'finish':
        out.finish = e.reason
        if (e.raw !== undefined) out.rawFinish = e.raw
        break
      case 'error':
        out.errors.push(`${e.error.kind}: ${e.error.message}`)
        break
    }
  }
  out.text = text
  if (reasoning !== undefined) out.reasoning = [{ text: reasoning }]
  if (refusal !== undefined) out.refusal = refusal
  out.toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c)
  return out
}
