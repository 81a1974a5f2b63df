/**
 * Checks provider options against each kind's schema (request-options.generated.ts): a
 * request's `provider_options` when it arrives, before any upstream is chosen, so a typo is a
 * 400 naming the key whichever deployment would have served it; and a deployment's `params:`
 * when routes.yaml loads.
 */
import type { Ajv, ValidateFunction } from 'ajv'
import type { RequestSchemas } from '../wire/validate.js'
import type { JsonObject } from '../canonical/chat.js'
import { isObject } from '../wire/json.js'
import { REQUEST_OPTIONS_SCHEMAS } from './request-options.generated.js'

export type ProviderOptions = Readonly<Record<string, JsonObject>>

/** The body's `provider_options`, checked: undefined when absent; a 400 naming the first bad key. */
export function createProviderOptionsReader(schemas: RequestSchemas): (body: unknown) => ProviderOptions | undefined {
  const check = schemas.validator<{ provider_options?: Record<string, JsonObject> }>({
    type: 'object',
    properties: { provider_options: { type: 'object', properties: REQUEST_OPTIONS_SCHEMAS, additionalProperties: false } },
  })
  return (body) => {
    if (!isObject(body) || body.provider_options === undefined || body.provider_options === null) return undefined
    return check(body).provider_options
  }
}

/** For routes.yaml: what is wrong with `params` for a deployment of `kind`, or undefined. */
export function createParamsCheck(ajv: Ajv): (kind: string, params: unknown) => string | undefined {
  const validators = new Map<string, ValidateFunction>()
  return (kind, params) => {
    const schema = REQUEST_OPTIONS_SCHEMAS[kind]
    if (schema === undefined) return undefined
    let validate = validators.get(kind)
    if (validate === undefined) {
      validate = ajv.compile(schema)
      validators.set(kind, validate)
    }
    if (validate(params)) return undefined
    const error = validate.errors?.[0]
    if (error === undefined) return 'is invalid'
    const at = error.instancePath === '' ? '' : ` at ${error.instancePath.slice(1).replace(/\//g, '.')}`
    if (error.keyword === 'additionalProperties') return `has an option ${kind} does not take: '${String(error.params.additionalProperty)}'${at}`
    return `is invalid${at}: ${error.message ?? 'invalid'}`
  }
}
