/**
 * `provider_options.bedrock` on a request, and `params:` on a bedrock deployment: Converse
 * fields outside the common subset, by their own names (Bedrock API reference, Converse):
 * `additionalModelRequestFields` is merged into the translated one (where thinking lives).
 */
import Type from 'typebox'
import { closed } from '../../schema/builders.js'

export const bedrockRequestOptionsSchema = closed(
  {
    guardrailConfig: Type.Optional(
      closed(
        {
          guardrailIdentifier: Type.String({ description: 'The guardrail id or ARN.', minLength: 1 }),
          guardrailVersion: Type.String({ description: 'Its version, or DRAFT.', minLength: 1 }),
          trace: Type.Optional(Type.Enum(['enabled', 'disabled', 'enabled_full'])),
          streamProcessingMode: Type.Optional(Type.Enum(['sync', 'async'])),
        },
        { description: 'A Bedrock guardrail applied to the request and the answer.' },
      ),
    ),
    additionalModelRequestFields: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "Model-specific fields (e.g. Claude's top_k)." })),
    performanceConfig: Type.Optional(closed({ latency: Type.Enum(['standard', 'optimized']) }, { description: 'Latency-optimised inference.' })),
    requestMetadata: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Key/value pairs for invocation logs.' })),
  },
  { description: 'Bedrock Converse fields, merged into the upstream body.' },
)
