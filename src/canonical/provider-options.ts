/**
 * How provider options (a request's `provider_options.<kind>`, a deployment's `params:`) meet
 * the body the gateway built: they are the provider's own field names, merged into it. An
 * object is merged key by key into the one there (Gemini's `generationConfig`, Bedrock's
 * `additionalModelRequestFields`), an array is appended to the one there (built-in `tools`
 * after the translated functions), anything else is set. One rule for every kind, so an
 * option never needs a provider branch in the gateway.
 */
import type { JsonObject } from './chat.js'

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `extra` merged into a copy of `base` (neither is changed). */
export function mergeOptions(base: JsonObject, extra: JsonObject | undefined): JsonObject {
  if (extra === undefined) return base
  const out: JsonObject = { ...base }
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key]
    if (isPlainObject(current) && isPlainObject(value)) out[key] = { ...current, ...value }
    else if (Array.isArray(current) && Array.isArray(value)) out[key] = [...current, ...value]
    else out[key] = value
  }
  return out
}

/** A kind's options for one request: the deployment's defaults, then the request's (which win). */
export function optionsFor(kind: string, defaults: JsonObject | undefined, requested: Readonly<Record<string, JsonObject>> | undefined): JsonObject | undefined {
  const asked = requested?.[kind]
  if (defaults === undefined) return asked
  if (asked === undefined) return defaults
  return { ...defaults, ...asked }
}
