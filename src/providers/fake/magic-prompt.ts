import { VIOLATIONS, type Violation } from './schema/violate.js'

/**
 * Magic prompts let demos and tests provoke failures from the fake model. The last user
 * message, trimmed, is checked:
 *   `fake:error <status>`       answer that HTTP status with an OpenAI-style error body
 *                               (429 and 503 carry `retry-after: 1` and `retry-after-ms: 1000`)
 *   `fake:error context_length` answer 400 `context_length_exceeded`
 *   `fake:error midstream`      stream half the answer, then a `data: {"error":…}` line, and end
 *                               without `[DONE]` (without streaming: a 500)
 * and the faults that exercise tool-call and structured-output validation (see readFault).
 */
export type MagicPrompt = { kind: 'status'; status: number } | { kind: 'context_length' } | { kind: 'midstream' }

const MAGIC = /^fake:error\s+(\d{3}|context_length|midstream)\b/

export function readMagicPrompt(text: string): MagicPrompt | undefined {
  const m = MAGIC.exec(text.trim())
  if (m === null) return undefined
  if (m[1] === 'context_length') return { kind: 'context_length' }
  if (m[1] === 'midstream') return { kind: 'midstream' }
  const status = Number(m[1])
  return status >= 400 && status <= 599 ? { kind: 'status', status } : undefined
}

/**
 * A wrong answer on purpose, for the gateway's tool-call and structured-output validation:
 *   `fake:unknown-tool`                   a call to a function that is not in `tools`
 *   `fake:malformed-tool-args`            a call whose arguments are not JSON
 *   `fake:invalid-tool-args [violation]`  arguments that parse but break the function's schema
 *   `fake:malformed-json`                 JSON-mode content that is not JSON
 *   `fake:invalid-json [violation]`       JSON content that parses but breaks the response schema
 * where violation is `missing-required`, `wrong-type` or `bad-enum` (default: the first of those
 * the schema allows). A trailing `once` makes the fault happen on the first try only: a retry
 * (the conversation sent back with the wrong answer and a correction after it) is answered
 * correctly. The rest of the message is the prompt, answered as usual.
 */
export type FaultKind = 'unknown-tool' | 'malformed-tool-args' | 'invalid-tool-args' | 'malformed-json' | 'invalid-json'
const FAULT_KINDS: readonly FaultKind[] = ['unknown-tool', 'malformed-tool-args', 'invalid-tool-args', 'malformed-json', 'invalid-json']

export interface Fault {
  kind: FaultKind
  violation: Violation
  once: boolean
  /** The message without the directive: what the fake answers. */
  prompt: string
}

const FAULT = /^fake:(unknown-tool|malformed-tool-args|invalid-tool-args|malformed-json|invalid-json)(?:\s+(missing-required|wrong-type|bad-enum))?(?:\s+(once))?(?=\s|$)/

export function readFault(text: string): Fault | undefined {
  const trimmed = text.trim()
  const m = FAULT.exec(trimmed)
  const kind = FAULT_KINDS.find((k) => k === m?.[1])
  if (m === null || kind === undefined) return undefined
  const violation = VIOLATIONS.find((v) => v === m[2]) ?? 'missing-required'
  return { kind, violation, once: m[3] === 'once', prompt: trimmed.slice(m[0].length).trim() }
}
