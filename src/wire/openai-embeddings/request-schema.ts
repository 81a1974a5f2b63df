/** JSON Schema of the OpenAI embeddings request fields the gateway reads; others pass through. */
const text = { type: 'string' }
const integer = { type: 'integer' }

export const embeddingsRequestSchema = {
  type: 'object',
  required: ['model', 'input'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: {
      anyOf: [
        { type: 'string' },
        { type: 'array', minItems: 1, items: { type: 'string' } },
        { type: 'array', minItems: 1, items: integer },
        { type: 'array', minItems: 1, items: { type: 'array', minItems: 1, items: integer } },
      ],
    },
    encoding_format: { enum: ['float', 'base64'] },
    dimensions: { type: 'integer', minimum: 1 },
    user: text,
  },
}
