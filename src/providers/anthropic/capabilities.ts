import type { Capabilities } from '../types.js'

/**
 * What a Claude model can do, by model family.
 *
 * Max output tokens follow Anthropic's models overview
 * (docs.anthropic.com/en/docs/about-claude/models/overview), as transcribed in public model
 * tables: claude-3-5-haiku / claude-3-5-sonnet (20241022) 8192, claude-3-7-sonnet and
 * claude-sonnet-4 64000, claude-opus-4 / 4-1 32000, claude-3 opus/sonnet/haiku and
 * claude-3-5-sonnet-20240620 4096 (ExtensityAI/symbolicai symai/backend/mixin/anthropic.py,
 * labring/fastgpt-plugin PR #242); the 4.5 family (sonnet, haiku, opus) 64000 and Opus 4.6+ /
 * Sonnet 4.6+ 128000 (Effect-TS @effect/ai-anthropic 4.0.0-beta.106 release note). Anything
 * we cannot place gets 4096, which every Claude model accepts.
 *
 * Structured outputs (`output_config.format` json_schema, constrained decoding) are generally
 * available for Claude Sonnet 4.5, Opus 4.5, Haiku 4.5 and later (Anthropic "Structured
 * outputs" docs, build-with-claude/structured-outputs; `OutputConfig.format: JSONOutputFormat`
 * in @anthropic-ai/sdk 0.137 messages.d.ts). Older models reject it.
 *
 * Every current Claude model has a 200K-token context window (1M only behind a beta header).
 */
export const CONTEXT_WINDOW = 200_000
export const DEFAULT_MAX_OUTPUT = 4096

type Family = 'opus' | 'sonnet' | 'haiku'

interface ModelVersion {
  family: Family
  major: number
  minor: number
  /** The snapshot date (`20240620`), when the id carries one. */
  date?: string
}

/** `claude-sonnet-4-5-20250929`, `claude-opus-4-1`, `claude-3-7-sonnet-latest`, `claude-3-haiku-20240307`. */
export function parseModelVersion(model: string): ModelVersion | undefined {
  const id = model.toLowerCase()
  // New style: claude-<family>-<major>[-<minor>][-<date>]. A minor is 1-2 digits; a date is 8.
  const modern = /^claude-(opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:-(\d{8}))?(?=$|[-@:])/.exec(id)
  if (modern !== null) {
    return withDate({ family: modern[1] as Family, major: Number(modern[2]), minor: Number(modern[3] ?? '0') }, modern[4])
  }
  // Old style: claude-<major>[-<minor>]-<family>[-<date>|-latest].
  const legacy = /^claude-(\d+)(?:-(\d))?-(opus|sonnet|haiku)(?:-(\d{8}))?/.exec(id)
  if (legacy !== null) {
    return withDate({ family: legacy[3] as Family, major: Number(legacy[1]), minor: Number(legacy[2] ?? '0') }, legacy[4])
  }
  return undefined
}

function withDate(version: ModelVersion, date: string | undefined): ModelVersion {
  return date === undefined ? version : { ...version, date }
}

function atLeast(v: ModelVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor)
}

export function maxOutputTokens(model: string): number {
  const v = parseModelVersion(model)
  if (v === undefined) return DEFAULT_MAX_OUTPUT
  if (v.major === 3) {
    if (v.minor === 7 && v.family === 'sonnet') return 64_000
    if (v.minor === 5 && v.family === 'haiku') return 8192
    if (v.minor === 5 && v.family === 'sonnet') return v.date === '20240620' ? 4096 : 8192
    return DEFAULT_MAX_OUTPUT
  }
  if (v.major !== 4) return DEFAULT_MAX_OUTPUT
  switch (v.family) {
    case 'opus':
      if (v.minor >= 6) return 128_000
      return v.minor === 5 ? 64_000 : 32_000
    case 'sonnet':
      return v.minor >= 6 ? 128_000 : 64_000
    case 'haiku':
      return v.minor >= 5 ? 64_000 : DEFAULT_MAX_OUTPUT
  }
}

export function supportsStructuredOutputs(model: string): boolean {
  const v = parseModelVersion(model)
  return v !== undefined && atLeast(v, 4, 5)
}

export function anthropicCapabilities(model: string): Capabilities {
  return {
    streaming: true,
    tools: true,
    vision: true,
    jsonSchema: supportsStructuredOutputs(model),
    embeddings: false,
    contextWindow: CONTEXT_WINDOW,
    maxOutputTokens: maxOutputTokens(model),
  }
}
