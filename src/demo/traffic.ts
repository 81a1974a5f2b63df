/**
 * Demo traffic against a gateway's built-in fake provider, so a fresh dashboard has something
 * to show: a steady mix of plain and streamed chat, embeddings, and a few failures provoked
 * with the fake's magic prompts (see src/providers/fake/magic-prompt.ts). Used by the
 * docker-compose `demo` profile and by the dashboard test.
 */

export interface TrafficOptions {
  /** The gateway, e.g. http://gateway:4000 */
  baseUrl: string
  /** Requests kept in flight at once. */
  concurrency: number
  /** Stops the traffic (requests in flight are aborted). */
  signal: AbortSignal
  /** Chat aliases to spread requests over (each must route to the fake provider). */
  chatModels: readonly string[]
  /**
   * Where the provoked 429s go (a `fake/<model>` target of their own): a 429 takes its
   * deployment out for its Retry-After, and on the chat aliases that would turn every other
   * request in that second into a 429 too, hiding the other failures.
   */
  rateLimitedModel?: string
  /** An alias serving embeddings from the fake; omitted, no embeddings are sent. */
  embeddingsModel?: string
  /** Milliseconds each worker pauses between requests. */
  pauseMs?: number
}

export interface TrafficCounts {
  sent: number
  ok: number
  failed: number
}

type Kind = 'chat' | 'stream' | 'tools' | 'json' | 'embeddings' | 'error-503' | 'error-429' | 'midstream'

/** Out of 100 requests: mostly successes, a few of each failure the dashboard tells apart. */
const MIX: readonly (readonly [Kind, number])[] = [
  ['stream', 47],
  ['chat', 23],
  ['tools', 6],
  ['json', 4],
  ['embeddings', 8],
  ['error-503', 6],
  ['error-429', 4],
  ['midstream', 2],
]

/** A function the demo's tool requests declare, and a response schema; every other one provokes an invalid answer (repaired when asked again). */
const WEATHER_TOOL = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'unit'] } },
}
const REPORT_FORMAT = {
  type: 'json_schema',
  json_schema: { name: 'report', schema: { type: 'object', properties: { city: { type: 'string' }, temperature: { type: 'number' } }, required: ['city', 'temperature'] } },
}

const PROMPTS = ['Summarise the routing table.', 'Write a haiku about latency.', 'Explain time to first token.', 'List three uses of a gateway.']

function pick(n: number): Kind {
  let roll = n % 100
  for (const [kind, weight] of MIX) {
    if (roll < weight) return kind
    roll -= weight
  }
  return 'chat'
}

function requestFor(kind: Kind, model: string, n: number, options: TrafficOptions): { path: string; body: unknown } {
  const prompt = PROMPTS[n % PROMPTS.length]!
  const chat = (content: string, stream: boolean) => ({
    path: '/v1/chat/completions',
    body: { model, stream, ...(stream ? { stream_options: { include_usage: true } } : {}), max_tokens: 40, messages: [{ role: 'user', content }] },
  })
  switch (kind) {
    case 'chat':
      return chat(prompt, false)
    case 'stream':
      return chat(prompt, true)
    case 'tools': {
      const asked = chat(n % 2 === 0 ? 'What is the weather in Lisbon?' : 'fake:invalid-tool-args bad-enum once What is the weather in Lisbon?', n % 4 < 2)
      return { ...asked, body: { ...asked.body, tools: [WEATHER_TOOL], tool_choice: 'required' } }
    }
    case 'json': {
      const asked = chat(n % 2 === 0 ? 'Report on Lisbon.' : 'fake:invalid-json wrong-type once Report on Lisbon.', false)
      return { ...asked, body: { ...asked.body, max_tokens: 200, response_format: REPORT_FORMAT } }
    }
    case 'embeddings':
      return options.embeddingsModel === undefined ? chat(prompt, false) : { path: '/v1/embeddings', body: { model: options.embeddingsModel, input: prompt } }
    case 'error-503':
      return chat('fake:error 503', false)
    case 'error-429': {
      const limited = chat('fake:error 429', true)
      return { ...limited, body: { ...limited.body, model: options.rateLimitedModel ?? model } }
    }
    case 'midstream':
      return chat('fake:error midstream', true)
  }
}

/** Sends requests until the signal aborts; resolves with what was sent. */
export async function runTraffic(options: TrafficOptions): Promise<TrafficCounts> {
  const counts: TrafficCounts = { sent: 0, ok: 0, failed: 0 }
  let n = 0
  const worker = async () => {
    while (!options.signal.aborted) {
      const i = n++
      const model = options.chatModels[i % options.chatModels.length]!
      // A stride coprime with 100 walks the whole mix even with few requests.
      const { path, body } = requestFor(pick(i * 37), model, i, options)
      counts.sent++
      try {
        const res = await fetch(`${options.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
          body: JSON.stringify(body),
          signal: options.signal,
        })
        // Read to the end: a stream's metrics are taken when it finishes.
        await res.arrayBuffer()
        if (res.ok) counts.ok++
        else counts.failed++
      } catch {
        if (options.signal.aborted) break
        counts.failed++
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
      if (options.pauseMs !== undefined && options.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, options.pauseMs))
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  return counts
}
