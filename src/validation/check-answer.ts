import type { ChatResult, ToolCall } from '../canonical/chat.js'
import type { AnswerSpec } from './answer-spec.js'

/**
 * What became of one tool call (or of the structured output): a small closed set, the
 * `result` label of switchyard_tool_calls_total and switchyard_structured_outputs_total.
 * `not_allowed`: a declared function that tool_choice excluded; `missing`: tool_choice asked
 * for a call and none came.
 */
export type CheckResult = 'valid' | 'unknown_tool' | 'not_allowed' | 'missing' | 'invalid_json' | 'schema_mismatch'

/** One thing wrong with an answer, said so a client (and the model, on a retry) can act on it. */
export interface Failure {
  subject: 'tool_call' | 'output'
  result: Exclude<CheckResult, 'valid'>
  /** The function called (tool calls) or the response format's name. */
  name: string
  /** Where the value broke its schema: a JSON Pointer into the arguments or content. */
  path?: string
  schemaPath?: string
  message: string
}

export interface Verdict {
  /** Per tool call, in order. */
  calls: CheckResult[]
  /** The structured output's result, when one was asked for and the answer is content. */
  output?: CheckResult
  failures: Failure[]
}

/** What of an answer is checked: a whole ChatResult, or what a stream collected. */
export type CheckedAnswer = Pick<ChatResult, 'text' | 'toolCalls' | 'finish' | 'refusal'>

/**
 * Checks an answer against its spec. An answer cut short (length, content filter) or refused is
 * not judged: its finish reason already says it is incomplete, and asking again would not help.
 */
export function checkAnswer(answer: CheckedAnswer, spec: AnswerSpec): Verdict | undefined {
  if (answer.finish === 'length' || answer.finish === 'content_filter' || answer.refusal !== undefined) return undefined
  const failures: Failure[] = []
  const calls = answer.toolCalls.map((call) => checkCall(call, spec, failures))
  const verdict: Verdict = { calls, failures }
  if (calls.length === 0 && callRequired(spec)) {
    const name = typeof spec.toolChoice === 'object' ? spec.toolChoice.name : 'required'
    failures.push({ subject: 'tool_call', result: 'missing', name, message: `tool_choice '${name}' asked for a tool call and the answer has none` })
    verdict.calls = ['missing']
  }
  if (spec.output !== undefined && calls.length === 0) verdict.output = checkOutput(answer.text ?? '', spec.output, failures)
  return verdict
}

function callRequired(spec: AnswerSpec): boolean {
  return spec.tools.size > 0 && (spec.toolChoice === 'required' || typeof spec.toolChoice === 'object')
}

function checkCall(call: ToolCall, spec: AnswerSpec, failures: Failure[]): CheckResult {
  const name = call.name.slice(0, 100)
  if (!spec.tools.has(call.name)) {
    const declared = [...spec.tools.keys()].slice(0, 20).join(', ')
    failures.push({ subject: 'tool_call', result: 'unknown_tool', name, message: `'${name}' is not a declared function (declared: ${declared === '' ? 'none' : declared})` })
    return 'unknown_tool'
  }
  const choice = spec.toolChoice
  if (choice === 'none' || (typeof choice === 'object' && choice.name !== call.name)) {
    const why = choice === 'none' ? "tool_choice is 'none'" : `tool_choice names '${choice.name.slice(0, 100)}'`
    failures.push({ subject: 'tool_call', result: 'not_allowed', name, message: `'${name}' may not be called: ${why}` })
    return 'not_allowed'
  }
  const parsed = parseJson(call.arguments === '' ? '{}' : call.arguments)
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    failures.push({ subject: 'tool_call', result: 'invalid_json', name, message: `the arguments of '${name}' are not a JSON object${parsed.ok ? '' : ` (${parsed.why})`}` })
    return 'invalid_json'
  }
  const mismatch = spec.tools.get(call.name)?.(parsed.value)
  if (mismatch === undefined) return 'valid'
  failures.push({ subject: 'tool_call', result: 'schema_mismatch', name, path: mismatch.path, schemaPath: mismatch.schemaPath, message: `the arguments of '${name}' at '${mismatch.path || '/'}' ${mismatch.message}` })
  return 'schema_mismatch'
}

function checkOutput(text: string, output: NonNullable<AnswerSpec['output']>, failures: Failure[]): CheckResult {
  const name = output.name.slice(0, 100)
  const parsed = parseJson(text)
  const isObject = parsed.ok && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
  // json_object promises an object; a json_schema's own root type says what it allows.
  if (!parsed.ok || (output.schema === undefined && !isObject)) {
    failures.push({ subject: 'output', result: 'invalid_json', name, message: `the content is not ${output.schema === undefined ? 'a JSON object' : 'JSON'}${parsed.ok ? '' : ` (${parsed.why})`}` })
    return 'invalid_json'
  }
  const mismatch = output.schema?.(parsed.value)
  if (mismatch === undefined) return 'valid'
  failures.push({ subject: 'output', result: 'schema_mismatch', name, path: mismatch.path, schemaPath: mismatch.schemaPath, message: `the content at '${mismatch.path || '/'}' ${mismatch.message} (schema '${name}')` })
  return 'schema_mismatch'
}

type Parsed = { ok: true; value: unknown } | { ok: false; why: string }

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (err) {
    return { ok: false, why: err instanceof Error ? err.message.slice(0, 120) : 'unparseable' }
  }
}

/** One line naming every failure, for a header, a log field and an error message. */
export function describeFailures(failures: readonly Failure[]): string {
  return failures.map((f) => `${f.subject === 'tool_call' ? 'tool call' : 'output'} ${f.result}: ${f.message}`).join('; ')
}
