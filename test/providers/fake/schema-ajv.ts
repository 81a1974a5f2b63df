/**
 * The oracle for the fake's schema generator: ajv (draft-07 and 2020-12) with ajv-formats,
 * the validator the gateway itself uses. The generator is never checked against itself.
 */
import { Ajv } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

export interface Oracle {
  valid(schema: unknown, value: unknown): boolean
  errors(schema: unknown, value: unknown): string
}

export function createOracle(): Oracle {
  const draft7 = new Ajv({ strict: false, allErrors: true, validateFormats: true })
  const draft2020 = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats.default(draft7)
  addFormats.default(draft2020)
  const pick = (schema: unknown) => (JSON.stringify(schema).includes('"prefixItems"') ? draft2020 : draft7)
  const check = (schema: unknown, value: unknown) => {
    if (typeof schema !== 'object' || schema === null) throw new Error('schema must be an object')
    const ajv = pick(schema)
    const validate = ajv.compile(schema)
    const ok = validate(value)
    return { ok, errors: ajv.errorsText(validate.errors) }
  }
  return {
    valid: (schema, value) => check(schema, value).ok,
    errors: (schema, value) => check(schema, value).errors,
  }
}
