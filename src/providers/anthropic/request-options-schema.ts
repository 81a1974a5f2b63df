/**
 * `provider_options.anthropic` on a request, and `params:` on an anthropic deployment: Messages
 * API fields outside the common subset, by their own names, merged into the body (arrays such
 * as `tools` are appended to the translated ones; docs.anthropic.com/en/api/messages).
 */
import Type from 'typebox'
import { closed } from '../../schema/builders.js'

const Object_ = (description: string) => Type.Record(Type.String(), Type.Unknown(), { description })

export const anthropicRequestOptionsSchema = closed(
  {
    top_k: Type.Optional(Type.Integer({ description: 'Sample from the top K options for each token.', minimum: 0 })),
    metadata: Type.Optional(closed({ user_id: Type.Optional(Type.String({ description: 'An opaque id of the end user.' })) }, { description: 'Request metadata.' })),
    service_tier: Type.Optional(Type.Enum(['auto', 'standard_only'], { description: 'Whether priority capacity may be used.' })),
    tools: Type.Optional(Type.Array(Object_('A server tool, e.g. {type: "web_search_20250305", name: "web_search"}.'), { description: 'Server tools, appended to the translated ones.' })),
    cache_control: Type.Optional(
      closed(
        { type: Type.Literal('ephemeral'), ttl: Type.Optional(Type.Enum(['5m', '1h'])) },
        { description: 'Automatic prompt caching: a cache breakpoint on the last cacheable block of the request.' },
      ),
    ),
    container: Type.Optional(Type.String({ description: 'A code-execution container to reuse.' })),
    mcp_servers: Type.Optional(Type.Array(Object_('An MCP server definition.'), { description: 'MCP servers the model may call.' })),
    context_management: Type.Optional(Object_('Context editing configuration.')),
  },
  { description: 'Anthropic Messages fields, merged into the upstream body.' },
)
