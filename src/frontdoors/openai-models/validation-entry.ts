import type { ToolValidation, ToolValidationMode } from '../../config/types.js'
import type { Capabilities } from '../../providers/types.js'

/** What GET /v1/models says of how a model's tool calls and structured outputs can be trusted. */
export interface ValidationJson {
  /** The route's tool_validation policy, and its tries under `retry`. */
  policy: ToolValidationMode
  retries: number
  /**
   * native: every deployment enforces a json_schema itself (constrained decoding; the gateway
   * checks too unless the policy is off); validated: some cannot, and the gateway checks the
   * answers; unchecked: some cannot, and the policy is off.
   */
  structured_outputs: 'native' | 'validated' | 'unchecked'
  /** validated: the gateway checks every tool call against the declared schemas; unchecked: policy off. */
  tool_calls: 'validated' | 'unchecked'
}

export function validationJson(policy: ToolValidation, caps: readonly (Capabilities | undefined)[]): ValidationJson {
  const checked = policy.mode !== 'off'
  const native = caps.length > 0 && caps.every((c) => c?.jsonSchema === true)
  return {
    policy: policy.mode,
    retries: policy.retries,
    structured_outputs: native ? 'native' : checked ? 'validated' : 'unchecked',
    tool_calls: checked ? 'validated' : 'unchecked',
  }
}
