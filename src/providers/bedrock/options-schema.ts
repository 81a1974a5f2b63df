/** bedrock's own keys of `providers.<name>` (build time only). */
import Type from 'typebox'

export const bedrockOptionsSchema = Type.Object({
  region: Type.Optional(Type.String({ description: 'AWS region, e.g. us-east-1 (default: env AWS_REGION, then AWS_DEFAULT_REGION).' })),
  access_key_id: Type.Optional(Type.String({ description: 'AWS access key id (default: env AWS_ACCESS_KEY_ID).' })),
  secret_access_key: Type.Optional(Type.String({ description: 'AWS secret access key (default: env AWS_SECRET_ACCESS_KEY).' })),
  session_token: Type.Optional(Type.String({ description: 'AWS session token for temporary credentials (default: env AWS_SESSION_TOKEN).' })),
  input_type: Type.Optional(
    Type.Enum(['search_document', 'search_query', 'classification', 'clustering'], {
      description: 'the input_type Cohere Embed models are sent (default search_document; search_query for embedding queries).',
    }),
  ),
})

export type BedrockOptionsSchema = typeof bedrockOptionsSchema
