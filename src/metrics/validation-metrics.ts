import { Counter, type Registry } from 'prom-client'

/**
 * Tool-call and structured-output validation (see src/validation/). `result` is a closed set:
 * valid, unknown_tool, not_allowed, missing, invalid_json, schema_mismatch, and repaired (valid
 * after the gateway asked again); route and provider come from the configuration.
 */
export interface ValidationMetrics {
  toolCalls: Counter<'route' | 'provider' | 'result'>
  structuredOutputs: Counter<'route' | 'provider' | 'result'>
  /** Asks made again because an answer was invalid (apart from switchyard_retries_total). */
  retries: Counter<'route' | 'provider'>
}

export function createValidationMetrics(registers: Registry[]): ValidationMetrics {
  return {
    toolCalls: new Counter({
      name: 'switchyard_tool_calls_total',
      help: 'Tool calls in answers whose request declared tools, by route, provider and result: valid, unknown_tool, not_allowed (excluded by tool_choice), missing (tool_choice asked for a call, none came), invalid_json, schema_mismatch, repaired (valid after the gateway asked again).',
      labelNames: ['route', 'provider', 'result'],
      registers,
    }),
    structuredOutputs: new Counter({
      name: 'switchyard_structured_outputs_total',
      help: 'Answers to json_schema / json_object requests, by route, provider and result: valid, invalid_json, schema_mismatch, repaired.',
      labelNames: ['route', 'provider', 'result'],
      registers,
    }),
    retries: new Counter({
      name: 'switchyard_validation_retries_total',
      help: 'Times the gateway asked a deployment again because its tool call or structured output was invalid (tool_validation: retry).',
      labelNames: ['route', 'provider'],
      registers,
    }),
  }
}
