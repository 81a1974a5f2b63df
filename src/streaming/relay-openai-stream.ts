import type { JsonObject } from '../canonical/chat.js'
import { GatewayError } from '../errors/gateway-error.js'
import { fromOpenAIUsage } from '../wire/usage.js'
import type { Frame } from './frame.js'
import type { StreamPiece, StreamTally } from './stream-piece.js'

export interface RelayOptions {
  /** The client asked for the usage chunk; otherwise the usage-only chunk is dropped. */
  includeUsage: boolean
  provider: string
  /** Maps an in-stream `{"error":…}` payload (already parsed) to a GatewayError. */
  streamError(body: unknown): GatewayError
}

// A usage object, not `"usage":null`; tolerant of pretty-printed JSON.
const USAGE_OBJECT = /"usage"\s*:\s*\{/
const FINISH_SET = /"finish_reason"\s*:\s*"/

/**
 * The fast path for upstreams that already speak OpenAI's format: frames are relayed as
 * they came (re-framed as `data: …\n\n`, JSON untouched). Each frame is JSON-parsed only
 * until the first token, after that only the rare frames that carry usage, the finish or an
 * error are. One piece per upstream read (a batch of frames), so a read costs one write.
 */
export async function* relayOpenAIStream(batches: AsyncIterable<Frame[]>, opts: RelayOptions, tally: StreamTally): AsyncGenerator<StreamPiece> {
  const state: RelayState = { committed: false, finished: false }
  let sawDone = false
  for await (const batch of batches) {
    // After [DONE] the body is read to its end, not abandoned: an abandoned undici body
    // closes its connection (no reuse) and costs an AbortError with a stack.
    if (sawDone) continue
    let sse = ''
    let token = false
    try {
      for (const frame of batch) {
        if (frame.data === '[DONE]') {
          sawDone = true
          break
        }
        const relayed = relayFrame(frame, opts, tally, state)
        if (relayed === undefined) continue
        sse += relayed.sse
        token ||= relayed.token
      }
    } catch (err) {
      // What came before the failure in this read still reaches the client.
      if (sse !== '' && state.committed) yield { sse, commits: true, token }
      throw err
    }
    if (sse !== '') yield { sse, commits: state.committed, token }
  }
  if (!sawDone && !state.finished) {
    throw new GatewayError('upstream_error', `Provider '${opts.provider}' ended the stream before it finished.`, { provider: opts.provider })
  }
  yield { sse: 'data: [DONE]\n\n', commits: true, token: false }
}

interface RelayState {
  /** A frame with content or the finish has been relayed. */
  committed: boolean
  finished: boolean
}

/** One frame: what to relay of it (undefined: nothing), updating the tally. Throws an in-stream error. */
function relayFrame(frame: Frame, opts: RelayOptions, tally: StreamTally, state: RelayState): { sse: string; token: boolean } | undefined {
  const data = frame.data
  if (frame.event === 'unparsed' || data === '') return undefined
  if (!state.committed) {
    const chunk = parseChunk(data, opts.provider)
    if (chunk.error !== undefined) throw opts.streamError(chunk)
    if (tally.upstreamModel === undefined && typeof chunk.model === 'string' && chunk.model !== '') tally.upstreamModel = chunk.model
    const usage = fromOpenAIUsage(chunk.usage)
    if (usage !== undefined) tally.usage = usage
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as JsonObject[]) : []
    if (choices.length === 0 && usage !== undefined && !opts.includeUsage) return undefined
    const token = carriesContent(chunk)
    for (const choice of choices) {
      if (typeof choice.finish_reason === 'string') {
        state.finished = true
        tally.finish = choice.finish_reason
      }
    }
    state.committed = token || state.finished
    if (token) tally.tokenPieces++
    return { sse: `data: ${data}\n\n`, token }
  }
  if (frame.partial === true) parseChunk(data, opts.provider)
  if (data.startsWith('{"error"')) throw opts.streamError(parseChunk(data, opts.provider))
  let token = true
  if (USAGE_OBJECT.test(data)) {
    const chunk = parseChunk(data, opts.provider)
    const usage = fromOpenAIUsage(chunk.usage)
    if (usage !== undefined) tally.usage = usage
    const choices = chunk.choices
    if (Array.isArray(choices) && choices.length === 0) {
      if (!opts.includeUsage) return undefined
      token = false
    }
  }
  if (FINISH_SET.test(data)) {
    state.finished = true
    // The finish chunk (once per stream, so parsing it costs nothing) usually carries no
    // content; counting it as a token would stretch the tokens/s window to its arrival.
    token = carriesContent(parseChunk(data, opts.provider))
  }
  if (token) tally.tokenPieces++
  return { sse: `data: ${data}\n\n`, token }
}

/** Chat chunks carry `delta`; legacy /v1/completions chunks carry `text`. */
function carriesContent(chunk: JsonObject): boolean {
  const choices = Array.isArray(chunk.choices) ? (chunk.choices as JsonObject[]) : []
  return choices.some((c) => {
    const delta = c.delta as JsonObject | undefined
    return (delta !== undefined && hasContent(delta)) || (typeof c.text === 'string' && c.text !== '')
  })
}

function hasContent(delta: JsonObject): boolean {
  return (
    (typeof delta.content === 'string' && delta.content !== '') ||
    (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) ||
    (typeof delta.refusal === 'string' && delta.refusal !== '') ||
    (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') ||
    (typeof delta.reasoning === 'string' && delta.reasoning !== '')
  )
}

function parseChunk(data: string, provider: string): JsonObject {
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    throw new GatewayError('upstream_error', `Provider '${provider}' sent malformed stream data.`, { provider })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError('upstream_error', `Provider '${provider}' sent malformed stream data.`, { provider })
  }
  return parsed as JsonObject
}
