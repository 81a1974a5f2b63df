import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { GatewayError } from '../errors/gateway-error.js'
import { readArray, readObject } from './json.js'

/**
 * Validation of client request bodies against JSON Schemas. The app makes one `RequestSchemas`
 * (no module-level instance) and each front door asks it for its validators when the app is
 * built; a failure becomes a 400 naming the parameter in dotted form (`messages[0].role`).
 *
 * Compiling is the costliest part of start-up (measured: ~400 ms for every door's schemas on
 * this 2-core machine), so a validator compiles on its first use, and `warmOne` lets the server
 * compile the rest one at a time once it is listening, between requests.
 */
export class RequestSchemas {
  // verbose: a failed `discriminator` check carries its schema, which lists the accepted tags.
  private readonly ajv = new Ajv({ allErrors: false, strict: false, discriminator: true, verbose: true })
  private readonly uncompiled = new Set<() => void>()

  /** A validator of `schema`, compiled on first use (or by `warmOne`). */
  validator<T>(schema: object): Validator<T> {
    let validate: ValidateFunction<T> | undefined
    const compile = (): ValidateFunction<T> => {
      this.uncompiled.delete(compile)
      return (validate ??= this.ajv.compile<T>(schema))
    }
    this.uncompiled.add(compile)
    return (body) => {
      const check = validate ?? compile()
      if (!check(body)) throw toBadRequest(check.errors?.[0])
      return body
    }
  }

  /** Compiles one schema not used yet; false when every one is compiled. */
  warmOne(): boolean {
    const next = this.uncompiled.values().next()
    if (next.done === true) return false
    next.value()
    return true
  }
}

/** Checks a body against its schema: the body, typed by the schema, or a 400 that names the parameter. */
export type Validator<T> = (body: unknown) => T

function paramOf(instancePath: string, error: ErrorObject): string {
  let param = ''
  for (const segment of instancePath.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~')
    param += /^\d+$/.test(key) ? `[${key}]` : param === '' ? key : `.${key}`
  }
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty)
    param = param === '' ? missing : `${param}.${missing}`
  }
  return param
}

function toBadRequest(error: ErrorObject | undefined): GatewayError {
  if (error === undefined) return new GatewayError('invalid_request', 'The request body is invalid.')
  const param = paramOf(error.instancePath, error)
  const where = param === '' ? 'The request body' : `'${param}'`
  let message: string
  switch (error.keyword) {
    case 'required':
      message = `Missing required parameter: '${param}'.`
      break
    case 'type':
      message = `Invalid type for ${where}: expected ${String(error.params.type).replace(',', ' or ')}.`
      break
    case 'enum':
      message = `Invalid value for ${where}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`
      break
    case 'minItems':
      message = `Invalid value for ${where}: expected at least ${String(error.params.limit)} item(s).`
      break
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      // ajv's message reads "must be <= 2".
      message = `Invalid value for ${where}: ${error.message ?? 'out of range'}.`
      break
    case 'discriminator':
      message = `Invalid value for '${param === '' ? String(error.params.tag) : `${param}.${String(error.params.tag)}`}': must be one of ${tagValues(error).join(', ')}.`
      return new GatewayError('invalid_request', message, { param: param === '' ? String(error.params.tag) : `${param}.${String(error.params.tag)}`, code: 'invalid_value' })
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty)
      const unknown = param === '' ? key : `${param}.${key}`
      const accepted = Object.keys(readObject(readObject(error.parentSchema).properties))
      const hint = accepted.length === 0 ? 'it takes no keys' : `accepted: ${accepted.join(', ')}`
      return new GatewayError('invalid_request', `Unknown parameter: '${unknown}' (${param === '' ? 'the body' : `'${param}'`}: ${hint}).`, {
        param: unknown,
        code: 'unknown_parameter',
      })
    }
    case 'oneOf':
    case 'anyOf':
      message = `Invalid value for ${where}: does not match any accepted form.`
      break
    default:
      message = `Invalid value for ${where}: ${error.message ?? 'invalid'}.`
  }
  return new GatewayError('invalid_request', message, { param: param === '' ? null : param, code: error.keyword === 'required' ? 'missing_required_parameter' : 'invalid_value' })
}

/** The tags a `discriminator` accepts, read from its `oneOf` shapes (`const` or `enum` of the tag property). */
function tagValues(error: ErrorObject): string[] {
  const tag = String(error.params.tag)
  const values: string[] = []
  for (const shape of readArray(readObject(error.parentSchema).oneOf)) {
    const property = readObject(readObject(readObject(shape).properties)[tag])
    if (typeof property.const === 'string') values.push(property.const)
    for (const value of readArray(property.enum)) if (typeof value === 'string') values.push(value)
  }
  return values
}
