/** JSON Schema of the legacy completions request fields the gateway reads; others pass through. */
const text = { type: 'string' }

export const completionsRequestSchema = {
  type: 'object',
  required: ['model', 'prompt'],
  properties: {
    model: { type: 'string', minLength: 1 },
    prompt: { anyOf: [text, { type: 'array', minItems: 1, items: text }] },
    stream: { type: ['boolean', 'null'] },
    max_tokens: { type: ['integer', 'null'], minimum: 1 },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    n: { type: ['integer', 'null'], minimum: 1, maximum: 128 },
    stop: { anyOf: [text, { type: 'array', items: text, maxItems: 4 }, { type: 'null' }] },
    seed: { type: ['integer', 'null'] },
    echo: { type: ['boolean', 'null'] },
    suffix: { type: ['string', 'null'] },
    user: text,
  },
}
