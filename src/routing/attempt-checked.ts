import type { ToolValidationMode } from '../config/types.js'
import { boundClientString } from '../canonical/client-string.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { Usage } from '../canonical/chat.js'
import type { Metrics } from '../metrics/metrics.js'
import type { UpstreamClient } from '../upstream/client.js'
import { answerSpec, type AnswerSpec } from '../validation/answer-spec.js'
import { checkAnswer, describeFailures, type CheckedAnswer, type CheckResult, type Failure, type Verdict } from '../validation/check-answer.js'
import { createAnswerCollector } from '../validation/collect-answer.js'
import { askAgain } from '../validation/feedback.js'
import type { SchemaValidators } from '../validation/schema-validators.js'
import type { Answer, CheckNote } from './answer.js'
import { attemptGenerate, type AnswerCheck, type GenerateCodec } from './attempt-generate.js'
import type { AttemptTarget } from './attempt-target.js'
import { gateStream, type HoldMode } from './check-gate.js'

export interface CheckDeps {
  upstream: UpstreamClient
  validators: SchemaValidators
  metrics: Metrics
}

/** An answer that must not go out as it is (tool_validation retry or reject). */
class InvalidAnswer extends Error {
  constructor(
    readonly answer: CheckedAnswer,
    readonly failures: readonly Failure[],
    /** What the invalid answer cost: the client's usage includes it when a later try is valid. */
    readonly usage: Usage | undefined,
  ) {
    super(describeFailures(failures))
  }
}

/** Header naming what was found in a JSON answer's tool calls or structured output. */
export const VALIDATION_HEADER = 'x-switchyard-tool-validation'

/**
 * One attempt of a generating request whose answer is checked: its tool calls against the
 * declared functions and tool_choice, its content against the response format, under the
 * route's tool_validation policy. A request that declared neither (or a route with the policy
 * off) is a plain attemptGenerate: nothing else runs. Under `retry` an invalid answer is asked
 * for again on the same deployment, with what was wrong, up to the route's tries; the error
 * when they run out is retryable, so the executor may go on to another deployment.
 */
export async function attemptChecked(deps: CheckDeps, target: AttemptTarget, codec: GenerateCodec): Promise<Answer> {
  const policy = target.route.toolValidation
  const spec = policy.mode === 'off' ? undefined : answerSpec(codec.request, deps.validators)
  if (spec === undefined) return attemptGenerate(deps.upstream, target, codec)
  let asked = codec
  let spent: Usage | undefined
  for (let again = 0; ; again++) {
    const note: CheckNote = again === 0 ? {} : { retries: again }
    try {
      const answer = await attemptGenerate(deps.upstream, target, asked, answerCheck(deps.metrics, target, spec, policy.mode, note, spent))
      return answer.kind === 'json' && spent !== undefined ? { ...answer, usage: addUsage(answer.usage, spent), checked: note } : { ...answer, checked: note }
    } catch (err) {
      if (!(err instanceof InvalidAnswer)) throw err
      if (err.usage !== undefined) spent = addUsage(spent, err.usage)
      if (policy.mode !== 'retry' || again >= policy.retries || !canAskAgain(target, codec)) throw invalidAnswerError(err.failures, target, again + 1, policy.mode === 'retry')
      deps.metrics.validation.retries.inc({ route: target.route.label, provider: target.provider.name })
      // Asked again through translation: the conversation now holds the gateway's correction.
      asked = { ...codec, request: askAgain(asked.request, err.answer, err.failures), translateOnly: true }
    }
  }
}

/** A request with parts only passthrough carries cannot be rebuilt with a correction (unless the route drops them). */
function canAskAgain(target: AttemptTarget, codec: GenerateCodec): boolean {
  return codec.untranslatable.length === 0 || target.route.dropParams
}

/**
 * The check of one try. `spent`: the usage of earlier invalid tries of this attempt (so a retry
 * is `repairing`), added to a valid stream's usage once it is judged (a JSON answer's is added
 * by the caller).
 */
function answerCheck(metrics: Metrics, target: AttemptTarget, spec: AnswerSpec, mode: ToolValidationMode, note: CheckNote, spent: Usage | undefined): AnswerCheck {
  const repairing = spent !== undefined || note.retries !== undefined
  const judge = (answer: CheckedAnswer, committed: boolean, usage: Usage | undefined): Verdict | undefined => {
    const verdict = checkAnswer(answer, spec)
    if (verdict === undefined) return undefined
    count(metrics, target, verdict, repairing)
    if (verdict.failures.length === 0) return verdict
    if (mode === 'annotate') {
      note.failures = describeFailures(verdict.failures)
      return verdict
    }
    // The client has seen part of this answer: too late to ask again, it ends with the error.
    if (committed) throw invalidAnswerError(verdict.failures, target, 1, false)
    throw new InvalidAnswer(answer, verdict.failures, usage)
  }
  return {
    json(result) {
      const verdict = judge(result, false, result.usage)
      return verdict === undefined ? undefined : { [VALIDATION_HEADER]: headerValue(verdict) }
    },
    stream(pieces, tally) {
      const collector = createAnswerCollector()
      tally.onEvent = collector.add
      const hold: HoldMode = mode === 'annotate' ? 'none' : spec.output !== undefined ? 'all' : 'calls'
      const maxHeldChars = target.limits.maxBodyBytes
      const tooLarge = () => new GatewayError('upstream_error', `Provider '${target.provider.name}' sent an answer larger than ${maxHeldChars} bytes, too large to hold for checking.`, { provider: target.provider.name })
      const judgeStream = (committed: boolean): void => {
        judge(collector.answer(), committed, tally.usage)
        if (spent !== undefined) tally.usage = addUsage(tally.usage, spent)
      }
      return gateStream(pieces, { hold, collector, judge: judgeStream, firstToken: () => target.firstToken?.(), maxHeldChars, tooLarge })
    },
  }
}

/** Usage of two tries together (the cache and reasoning details of the last one kept). */
function addUsage(a: Usage | undefined, b: Usage): Usage {
  if (a === undefined) return b
  const sum: Usage = { ...a, promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens }
  if (a.totalTokens !== undefined || b.totalTokens !== undefined) sum.totalTokens = sum.promptTokens + sum.completionTokens
  return sum
}

function count(metrics: Metrics, target: AttemptTarget, verdict: Verdict, repairing: boolean): void {
  const labels = { route: target.route.label, provider: target.provider.name }
  const label = (result: CheckResult): string => (result === 'valid' && repairing ? 'repaired' : result)
  for (const result of verdict.calls) metrics.validation.toolCalls.inc({ ...labels, result: label(result) })
  if (verdict.output !== undefined) metrics.validation.structuredOutputs.inc({ ...labels, result: label(verdict.output) })
}

/** `valid`, or `invalid` and each failure as result:name[@path], bounded and header-safe. */
function headerValue(verdict: Verdict): string {
  if (verdict.failures.length === 0) return 'valid'
  const parts = verdict.failures.slice(0, 8).map((f) => `${f.result}:${boundClientString(f.name, 64)}${f.path === undefined ? '' : `@${boundClientString(f.path || '/', 64)}`}`)
  return `invalid ${parts.join(',')}`
}

/** The client's error: which call (or output) failed and why, with the schema path. */
function invalidAnswerError(failures: readonly Failure[], target: AttemptTarget, tries: number, retryable: boolean): GatewayError {
  const first = failures[0]
  const output = first?.subject === 'output'
  const where = first?.schemaPath === undefined ? '' : ` (schema path ${first.schemaPath})`
  const after = tries > 1 ? ` after ${tries} tries` : ''
  const message = `The model's ${output ? 'structured output' : 'tool call'} was invalid${after}: ${describeFailures(failures)}${where}.`
  return new GatewayError('invalid_tool_call', message.slice(0, 2000), {
    provider: target.provider.name,
    code: output ? 'invalid_structured_output' : 'invalid_tool_call',
    ...(first === undefined ? {} : { param: first.name }),
    retryable,
  })
}
