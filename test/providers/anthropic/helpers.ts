import type { ChatEvent, ChatRequest, FinishReason, ToolCall, Usage } from '../../../src/canonical/chat.js'
import type { ProviderConfig } from '../../../src/config/types.js'
import type { GatewayError } from '../../../src/errors/gateway-error.js'
import type { CallContext } from '../../../src/providers/types.js'

export function anthropicCtx(overrides: Partial<CallContext> = {}, provider: Partial<ProviderConfig> = {}): CallContext {
  return {
    provider: {
      name: 'claude-main',
      kind: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      apiKey: 'sk-ant-api03-REDACTED',
      missingEnv: [],
      headers: {},
      models: [],
      options: {},
      ...provider,
    },
    model: 'claude-sonnet-4-5',
    requestId: 'req-test',
    dropParams: false,
    dropped: [],
    ...overrides,
  }
}

export function chatRequest(partial: Partial<ChatRequest> & Pick<ChatRequest, 'messages'>): ChatRequest {
  return { model: 'claude-sonnet-4-5', stream: false, includeUsage: false, params: {}, ...partial }
}

/** What a client would see once a canonical stream is collected. */
export interface Folded {
  start?: { id?: string; upstreamModel?: string }
  text: string
  reasoning: string
  toolCalls: ToolCall[]
  finish?: FinishReason
  rawFinish?: string
  usage: Usage[]
  errors: GatewayError[]
}

export function fold(events: readonly ChatEvent[]): Folded {
  const out: Folded = { text: '', reasoning: '', toolCalls: [], usage: [], errors: [] }
  for (const e of events) {
    switch (e.type) {
      case 'start':
        out.start = { id: e.id, upstreamModel: e.upstreamModel }
        break
      case 'text':
        out.text += e.delta
        break
      case 'reasoning':
        out.reasoning += e.delta
        break
      case 'refusal':
        break
      case 'tool-call-start':
        out.toolCalls[e.index] = { id: e.id, name: e.name, arguments: '' }
        break
      case 'tool-call-delta': {
        const call = out.toolCalls[e.index]
        if (call === undefined) throw new Error(`delta for unknown tool index ${e.index}`)
        call.arguments += e.argsDelta
        break
      }
      case 'usage':
        out.usage.push(e.usage)
        break
      case 'finish':
        out.finish = e.reason
        out.rawFinish = e.raw
        break
      case 'error':
        out.errors.push(e.error)
        break
    }
  }
  return out
}

/** The body of an `.http` fixture: everything after the first blank line. */
export function httpBody(text: string): string {
  const at = text.search(/\r?\n\r?\n/)
  return text.slice(at).trim()
}

export function httpHeaders(text: string): Headers {
  const head = text.slice(0, text.search(/\r?\n\r?\n/)).split(/\r?\n/).slice(1)
  const headers = new Headers()
  for (const line of head) {
    const colon = line.indexOf(':')
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
  }
  return headers
}

export function httpStatus(text: string): number {
  return Number(/^HTTP\/[\d.]+ (\d{3})/.exec(text)?.[1])
}
