import type { ChatRequest, ContentPart } from '../canonical/chat.js'
import { countPromptTokens, countTokens, type CountTokens } from './count-tokens.js'

/**
 * The gateway's estimate of a request's input tokens, for deployments that cannot count exactly
 * (a Messages client calls count_tokens to decide when to compact its context). Text, tool
 * definitions and tool calls are counted with the o200k tokenizer; images at 1,600 tokens (the
 * most Anthropic charges one image, ~1.15 megapixels / 750); a PDF at 2,000 tokens a page (its
 * "1,500–3,000 per page", pages counted in the file). Another model's tokenizer may well cut the
 * same text into more tokens, and an estimate that is too low makes a client compact too late,
 * so the sum is raised by a tenth.
 */
export async function estimateInputTokens(req: ChatRequest, count: CountTokens = countTokens): Promise<number> {
  let fixed = 0
  const texts: string[] = []
  for (const m of req.messages) {
    if (typeof m.content !== 'string' && m.content !== null) for (const part of m.content) fixed += partTokens(part, texts)
    if (m.role === 'assistant') for (const b of m.reasoning ?? []) texts.push(b.text)
  }
  for (const tool of req.tools ?? []) texts.push(tool.name, tool.description ?? '', JSON.stringify(tool.parameters ?? {}))
  const [messages, extra] = await Promise.all([countPromptTokens(req.messages, count), count(texts)])
  const total = messages + fixed + extra.reduce((a, b) => a + b, 0) + 8 * (req.tools?.length ?? 0)
  return Math.ceil(total * 1.1)
}

/** Tokens for a non-text part (its text, when it has some, goes to `texts`). countPromptTokens counts text parts. */
function partTokens(part: ContentPart, texts: string[]): number {
  switch (part.type) {
    case 'text':
      return 0
    case 'image':
      return 1600
    case 'document':
      if (part.source.kind === 'text') texts.push(part.source.text)
      return part.source.kind === 'base64' && part.source.mediaType === 'application/pdf' ? 2000 * pdfPages(part.source.data) : 0
  }
}

/** Pages of a base64 PDF: its `/Type /Page` objects (not `/Pages`); at least one. */
function pdfPages(base64: string): number {
  const text = Buffer.from(base64, 'base64').toString('latin1')
  return Math.max(1, text.match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0)
}
