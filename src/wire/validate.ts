import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { GatewayError } from '../errors/gateway-error.js'

/**
 * Validation of client request bodies against JSON Schemas. The app creates one Ajv (no
 * module-level instance) and each front door compiles its schemas with it once, when the app
 * is built; a failure becomes a 400 naming the parameter in dotted form (`messages[0].role`).
 */
export function createAjv(): Ajv {
  return new Ajv({ allErrors: false, strict: false })
}

export type Validator = (body: unknown) => void

export function compileValidator(ajv: Ajv, schema: object): Validator {
  const validate: ValidateFunction = ajv.compile(schema)
  return (body) => {
    if (!validate(body)) throw toBadRequest(validate.errors?.[0])
  }
}

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
      message = `Invalid value for ${where}: must be ${error.message ?? 'in range'}.`
      break
    case 'oneOf':
    case 'anyOf':
      message = `Invalid value for ${where}: does not match any accepted form.`
      break
    default:
      message = `Invalid value for ${where}: ${error.message ?? 'invalid'}.`
  }
  return new GatewayError('invalid_request', message, { param: param === '' ? null : param, code: error.keyword === 'required' ? 'missing_required_parameter' : 'invalid_value' })
}
