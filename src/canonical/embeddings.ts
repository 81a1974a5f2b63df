export interface EmbeddingsRequest {
  /** The upstream model id (set by routing). */
  model: string
  /** Strings, or pre-tokenised inputs (arrays of token ids) which only OpenAI-compatible upstreams accept. */
  input: string[] | number[][]
  /** Whether the client sent a single input rather than an array (answers keep one entry either way). */
  single: boolean
  /** What the client wants back. Adapters always produce floats; the core encodes base64. */
  encodingFormat: 'float' | 'base64'
  dimensions?: number
  user?: string
}

export interface EmbeddingsResult {
  upstreamModel?: string
  vectors: number[][]
  usage?: { promptTokens: number; totalTokens?: number; implausible?: string[] }
}
