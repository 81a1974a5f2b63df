import type { StreamTap, TappedFrame } from '../../streaming/relay.js'
import { tallyEvents } from '../../streaming/tally-events.js'
import type { ReaderContext } from '../reader-context.js'
import { createOpenAIChunkReader } from './chunk-reader.js'

const DROP: TappedFrame = Object.freeze({ sse: '', token: false, commits: false })

/**
 * The tap over a relayed OpenAI chat (or legacy completions) stream, reading every frame with
 * the one chunk reader. Frames pass through as they came, except: the closing usage chunk when
 * the client did not ask for it (the gateway always asks, to count tokens), chunks that carry
 * nothing (Azure's prompt-filter chunk, `choices: []`, which crashes clients reading
 * `choices[0]`), stray non-SSE lines, and `[DONE]`, which is written once at the end.
 */
export function openAIChatTap(reader: ReaderContext, includeUsage: boolean): StreamTap {
  const chunks = createOpenAIChunkReader(reader)
  return {
    get done() {
      return chunks.done
    },
    frame(frame, tally) {
      const facts = chunks.read(frame)
      const token = tallyEvents(facts.events, tally)
      if (chunks.usage !== undefined) tally.usage = chunks.usage
      if (chunks.done || frame.data === '' || frame.event === 'unparsed') return DROP
      if (facts.shape === 'empty' || (facts.shape === 'usage-only' && !includeUsage)) return DROP
      return { sse: `data: ${frame.data}\n\n`, token, commits: token || chunks.finished }
    },
    end(tally) {
      tallyEvents(chunks.end(), tally)
      return 'data: [DONE]\n\n'
    },
  }
}
