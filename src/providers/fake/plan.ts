import { assertNever, type ChatMessage, type ChatRequest, type ToolDefinition } from '../../canonical/chat.js'
import { callId, defaultTool, introWords, jsonObjectAnswer, malformed, MENTION_WINDOW, mentionedTools, namesIn, sampleText, undeclaredName, violatedText, type SchemaSite } from './answer-parts.js'
import { findLast, messageText, readConversation, type ToolResult } from './conversation.js'
import { readFault, type Fault } from './magic-prompt.js'
import { answerSeed, fnv1a } from './random.js'
import { DEFAULT_ANSWER_TOKENS } from './sources.js'

export interface PlannedCall {
  id: string
  name: string
  /** JSON text (or, under a fault, text that is not). */
  arguments: string
}

/** What one choice will say. Text is generated lazily from its seed; JSON and calls are small and made whole. */
export type ChoicePlan =
  | { kind: 'text'; intro: readonly string[]; seed: number; natural: number | undefined }
  | { kind: 'json'; text: string }
  | { kind: 'calls'; calls: readonly PlannedCall[] }

/** What is being answered: the user's words, a fault to make, and tool results to report. */
interface Turn {
  prompt: string
  fault: Fault | undefined
  results: readonly ToolResult[] | undefined
}

/** A turn with what every choice reads of it worked out once: hashes, names, named functions. */
interface ReadTurn extends Turn {
  /** Seeds tool choice and arguments. */
  promptHash: number
  /** Seeds content: the prompt and the tool results. */
  contentHash: number
  /** The names in the prompt, which plain strings are made of. */
  names: readonly string[]
  /** The declared functions the prompt names, in order. */
  mentioned: readonly ToolDefinition[]
}

function readOnce(req: ChatRequest, turn: Turn): ReadTurn {
  const promptHash = fnv1a(turn.prompt)
  const contentHash = turn.results === undefined ? promptHash : fnv1a(contentKey(turn))
  return { ...turn, promptHash, contentHash, names: namesIn(turn.prompt), mentioned: mentionedTools(req.tools ?? [], turn.prompt) }
}

// Under tool_choice "auto", a prompt that says so is answered in text.
const DECLINES_TOOLS = /\b(?:without|no|don'?t use|do not use)\s+(?:any\s+|the\s+)?tools?\b/i

/** The plans of the `n` choices of the answer to `req`. Throws PlanRefusal for a schema it cannot meet. */
export function planChoices(req: ChatRequest, n: number): ChoicePlan[] {
  const turn = readOnce(req, readTurn(req))
  return Array.from({ length: n }, (_, choice) => planTurn(req, turn, choice))
}

function planTurn(req: ChatRequest, turn: ReadTurn, choice: number): ChoicePlan {
  return (turn.fault === undefined ? undefined : faultPlan(req, turn, turn.fault, choice)) ?? validPlan(req, turn, choice)
}

/**
 * A fault directive applies when its message is the last one (the first try), or when the
 * conversation ends with the fake's own wrong answer to it and a correction after that (the
 * gateway's retry): then `once` answers correctly and otherwise the fault is made again.
 */
function readTurn(req: ChatRequest): Turn {
  const convo = readConversation(req.messages)
  const own = readFault(convo.lastUserText)
  if (own !== undefined && convo.lastUserIndex === req.messages.length - 1) return { prompt: own.prompt, fault: own, results: undefined }
  const retried = retriedFault(req, convo.lastAssistantIndex)
  if (retried !== undefined) return { prompt: retried.prompt, fault: retried.once ? undefined : retried, results: undefined }
  return { prompt: own?.prompt ?? convo.lastUserText, fault: undefined, results: convo.toolResults }
}

function retriedFault(req: ChatRequest, answered: number): Fault | undefined {
  if (answered < 0 || answered === req.messages.length - 1) return undefined
  const asked = findLast(req.messages, 'user', answered)
  const fault = asked < 0 ? undefined : readFault(messageText(req.messages[asked]))
  if (fault === undefined) return undefined
  const wrong = faultPlan(req, readOnce(req, { prompt: fault.prompt, fault, results: undefined }), fault, 0)
  return wrong !== undefined && sameAnswer(req.messages[answered], wrong) ? fault : undefined
}

/** Whether an assistant message is this plan's answer (call ids aside: they differ per turn). */
function sameAnswer(m: ChatMessage, plan: ChoicePlan): boolean {
  if (m.role !== 'assistant') return false
  if (plan.kind === 'json') return messageText(m) === plan.text
  if (plan.kind !== 'calls') return false
  const calls = m.toolCalls ?? []
  return calls.length === plan.calls.length && calls.every((c, i) => c.name === plan.calls[i].name && c.arguments === plan.calls[i].arguments)
}

function validPlan(req: ChatRequest, turn: ReadTurn, choice: number): ChoicePlan {
  const tools = req.tools ?? []
  const mode = req.toolChoice ?? 'auto'
  const calling = tools.length > 0 && mode !== 'none' && (mode !== 'auto' || (turn.results === undefined && !DECLINES_TOOLS.test(turn.prompt.slice(0, MENTION_WINDOW))))
  if (calling) return { kind: 'calls', calls: chosenTools(req, turn).map((tool, i) => validCall(req, turn, choice, tool, i)) }
  const seed = answerSeed(turn.contentHash, req.params.seed, choice)
  const format = req.responseFormat
  if (format?.type === 'json_schema') return { kind: 'json', text: sampleText(format.schema, seed, turn.names, formatSite(format.name)) }
  if (format?.type === 'json_object') return { kind: 'json', text: JSON.stringify(jsonObjectAnswer(turn.prompt, seed)) }
  const intro = introWords(turn.prompt, turn.results)
  return { kind: 'text', intro, seed, natural: req.params.maxTokens === undefined ? Math.max(DEFAULT_ANSWER_TOKENS, intro.length) : undefined }
}

/** The function named by tool_choice; else those the prompt names (one unless parallel calls are allowed); else one chosen by the prompt. */
function chosenTools(req: ChatRequest, turn: ReadTurn): readonly ToolDefinition[] {
  const tools = req.tools ?? []
  const choice = req.toolChoice
  const forced = typeof choice === 'object' ? tools.find((t) => t.name === choice.name) : undefined
  if (forced !== undefined) return [forced]
  const named = turn.mentioned
  if (named.length === 0) return [defaultTool(tools, turn.promptHash)]
  return req.parallelToolCalls === false ? named.slice(0, 1) : named
}

function validCall(req: ChatRequest, turn: ReadTurn, choice: number, tool: ToolDefinition, i: number): PlannedCall {
  const seed = req.params.seed
  return {
    // The number of messages keeps ids distinct from one turn of a tool loop to the next.
    id: callId(answerSeed(turn.promptHash, seed, choice, `call:${i}:${req.messages.length}`)),
    name: tool.name,
    arguments: sampleText(tool.parameters, argsSeed(req, turn, choice, tool), turn.names, toolSite(req, tool)),
  }
}

function argsSeed(req: ChatRequest, turn: ReadTurn, choice: number, tool: ToolDefinition): number {
  return answerSeed(turn.promptHash, req.params.seed, choice, `args:${tool.name}`)
}

function toolSite(req: ChatRequest, tool: ToolDefinition): SchemaSite {
  return { param: `tools[${(req.tools ?? []).indexOf(tool)}].function.parameters`, what: `arguments for the function '${tool.name}'` }
}

function formatSite(name: string): SchemaSite {
  return { param: 'response_format.json_schema.schema', what: `JSON for the response format '${name}'` }
}

function contentKey(turn: Turn): string {
  if (turn.results === undefined) return turn.prompt
  return [turn.prompt, ...turn.results.map((r) => `${r.name}\u0000${r.content}`)].join('\u0000')
}

/** The wrong answer a fault asks for; undefined when the request has nothing it could be wrong about. */
function faultPlan(req: ChatRequest, turn: ReadTurn, fault: Fault, choice: number): ChoicePlan | undefined {
  const tools = req.tools ?? []
  const format = req.responseFormat
  const seed = answerSeed(turn.contentHash, req.params.seed, choice)
  switch (fault.kind) {
    case 'unknown-tool': {
      if (tools.length === 0) return { kind: 'calls', calls: [{ id: callId(seed), name: 'undeclared_tool', arguments: '{}' }] }
      const calls = chosenTools(req, turn).map((t, i) => validCall(req, turn, choice, t, i))
      return { kind: 'calls', calls: [{ ...calls[0], name: undeclaredName(calls[0].name, tools) }, ...calls.slice(1)] }
    }
    case 'malformed-tool-args':
    case 'invalid-tool-args': {
      if (tools.length === 0) return undefined
      const chosen = chosenTools(req, turn)
      const calls = chosen.map((t, i) => validCall(req, turn, choice, t, i))
      const broken =
        fault.kind === 'malformed-tool-args' ? malformed(calls[0].arguments) : violatedText(chosen[0].parameters, argsSeed(req, turn, choice, chosen[0]), turn.names, fault.violation, toolSite(req, chosen[0]))
      return { kind: 'calls', calls: [{ ...calls[0], arguments: broken }, ...calls.slice(1)] }
    }
    case 'malformed-json': {
      const valid = format?.type === 'json_schema' || format?.type === 'json_object' ? validPlan({ ...req, tools: undefined }, turn, choice) : undefined
      return valid?.kind === 'json' ? { kind: 'json', text: malformed(valid.text) } : undefined
    }
    case 'invalid-json':
      if (format?.type === 'json_schema') return { kind: 'json', text: violatedText(format.schema, seed, turn.names, fault.violation, formatSite(format.name)) }
      // Valid JSON that is not an object.
      if (format?.type === 'json_object') return { kind: 'json', text: JSON.stringify([turn.prompt.slice(0, 64)]) }
      return undefined
    default:
      return assertNever(fault.kind)
  }
}
