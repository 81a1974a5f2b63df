/**
 * The wire protocols the gateway's front doors speak. A provider kind that speaks one of them
 * natively gets the client's bytes passed through (model replaced, key injected); every other
 * pairing is translated through the canonical model. Adding a front door adds its name here.
 */
export type WireProtocol = 'openai-chat' | 'openai-completions' | 'openai-embeddings' | 'anthropic-messages' | 'anthropic-count-tokens' | 'openai-responses'
