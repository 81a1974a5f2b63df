import type { ToolDefinition } from '../../canonical/chat.js'
import type { ToolResult } from './conversation.js'
import { createRng } from './random.js'
import { SchemaSampleError } from './schema/keywords.js'
import { sampleJson } from './schema/sample.js'
import { violateJson, type Violation } from './schema/violate.js'
import { textSource } from './sources.js'

/** A schema the fake cannot generate for: a 400 naming the request parameter that holds it. */
export class PlanRefusal extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message)
    this.name = 'PlanRefusal'
  }
}

/** Where a schema came from: the request parameter, and what to call it in a message. */
export interface SchemaSite {
  param: string
  what: string
}

const NO_PARAMETERS = { type: 'object', properties: {} }
/** How much of a prompt is read for names and named functions: where a question says what it is about. */
export const MENTION_WINDOW = 4096
/** Pointers in messages are cut: a pathological schema must not make a huge error. */
const MAX_POINTER = 200

/** A value for the schema, as JSON text; a schema the generator cannot meet is a PlanRefusal. */
export function sampleText(schema: unknown, seed: number, words: readonly string[], site: SchemaSite): string {
  return refusing(site, () => JSON.stringify(sampleJson(schema ?? NO_PARAMETERS, seed, { words })))
}

/** JSON text that parses but breaks the schema. */
export function violatedText(schema: unknown, seed: number, words: readonly string[], violation: Violation, site: SchemaSite): string {
  return refusing(site, () => JSON.stringify(violateJson(schema ?? NO_PARAMETERS, seed, violation, { words }).value))
}

/**
 * The names in a prompt (capitalised words after its first: "Paris", "ACME"), which plain string
 * arguments are made of, so `What's the weather in Paris?` calls get_weather with `Paris`.
 */
export function namesIn(prompt: string): string[] {
  const names: string[] = []
  const word = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu
  const text = prompt.slice(0, MENTION_WINDOW)
  let first = true
  for (let m = word.exec(text); m !== null && names.length < 32; m = word.exec(text)) {
    if (!first && /^\p{Lu}/u.test(m[0]) && m[0].length <= MAX_WORD) names.push(m[0])
    first = false
  }
  return names
}

function refusing<T>(site: SchemaSite, make: () => T): T {
  try {
    return make()
  } catch (err) {
    // A client's schema (or a const or enum value in it) nested deeper than the stack allows.
    if (err instanceof RangeError) throw new PlanRefusal(`The fake model cannot generate ${site.what}: the schema nests too deeply.`, site.param)
    if (!(err instanceof SchemaSampleError)) throw err
    const at = err.pointer === '' ? '' : ` (at ${err.pointer.length > MAX_POINTER ? `${err.pointer.slice(0, MAX_POINTER)}…` : err.pointer})`
    throw new PlanRefusal(`The fake model cannot generate ${site.what}: ${err.message}${at}.`, site.param)
  }
}

/** JSON text cut in half (a proper prefix of an object is never JSON), made unparseable whatever it was. */
export function malformed(json: string): string {
  let cut = json.slice(0, Math.max(1, Math.floor(json.length / 2)))
  while (parses(cut)) cut += '{'
  return cut
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** A name no declared function has: what a model that invents a tool would call. */
export function undeclaredName(name: string, tools: readonly ToolDefinition[]): string {
  let candidate = `${name}_v2`
  while (tools.some((t) => t.name === candidate)) candidate += '_v2'
  return candidate
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `call_` and 24 characters, as OpenAI's ids look. */
export function callId(seed: number): string {
  const rng = createRng(seed)
  let id = 'call_'
  for (let i = 0; i < 24; i++) id += BASE62[rng.int(0, 61)]
  return id
}

/** Words too common in function names to say which function a prompt means. */
const GENERIC = new Set(['get', 'set', 'list', 'create', 'update', 'delete', 'fetch', 'find', 'search', 'lookup', 'make', 'run', 'call', 'tool', 'function', 'the', 'and', 'for', 'with', 'from'])

/**
 * The declared functions a prompt names, in the order it names them. A function is named by
 * its name as a whole word ("get_weather"), or by a distinctive word of its name ("weather",
 * "stock" for get_stock_price; words split at `_`, `-` and camelCase, case-insensitively).
 */
export function mentionedTools(tools: readonly ToolDefinition[], prompt: string): ToolDefinition[] {
  const text = prompt.slice(0, MENTION_WINDOW).toLowerCase()
  const found: { at: number; order: number; tool: ToolDefinition }[] = []
  tools.forEach((tool, order) => {
    const words = tool.name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3 && !GENERIC.has(w))
    const at = Math.min(wordIndex(text, tool.name.toLowerCase()), ...words.map((w) => wordIndex(text, w)))
    if (Number.isFinite(at)) found.push({ at, order, tool })
  })
  return found.sort((a, b) => a.at - b.at || a.order - b.order).map((f) => f.tool)
}

function wordIndex(text: string, word: string): number {
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c)
  if (word === '') return Infinity
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isWord(text[at - 1]) && !isWord(text[at + word.length])) return at
  }
  return Infinity
}

/** The function called when the prompt names none: one of them, chosen by the prompt's hash. */
export function defaultTool(tools: readonly ToolDefinition[], promptHash: number): ToolDefinition {
  return tools[promptHash % tools.length]
}

const ECHO_WORDS = 8
const RESULT_WORDS = 12
const MAX_RESULTS = 4
const MAX_WORD = 64

/** The first words of a text, each at most MAX_WORD characters. */
export function firstWords(text: string, n: number): string[] {
  const words: string[] = []
  const word = /\S+/g
  for (let m = word.exec(text); m !== null && words.length < n; m = word.exec(text)) words.push(m[0].length > MAX_WORD ? `${m[0].slice(0, MAX_WORD)}…` : m[0])
  return words
}

/** How a text answer begins: the prompt echoed, or what the tools returned. */
export function introWords(prompt: string, results: readonly ToolResult[] | undefined): string[] {
  if (results === undefined) return ['Echo:', ...firstWords(prompt, ECHO_WORDS)]
  const words: string[] = []
  results.slice(0, MAX_RESULTS).forEach((r, i) => {
    const said = firstWords(r.content, RESULT_WORDS)
    words.push(r.name, 'returned', ...(said.length === 0 ? ['nothing'] : said))
    words[words.length - 1] += i === Math.min(results.length, MAX_RESULTS) - 1 ? '.' : ';'
  })
  if (results.length > MAX_RESULTS) words.push('And', String(results.length - MAX_RESULTS), 'more', 'results.')
  return words
}

/** A JSON object for `response_format: json_object`: the prompt echoed and a sentence of answer. */
export function jsonObjectAnswer(prompt: string, seed: number): Record<string, string> {
  const next = textSource([], seed, 8)
  let answer = ''
  for (let t = next(); t !== undefined; t = next()) answer += t.text
  return { echo: firstWords(prompt, ECHO_WORDS).join(' '), answer }
}
