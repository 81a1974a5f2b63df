/**
 * One `GenerateContentResponse` (a whole answer, or one stream chunk: every chunk is a full
 * response object holding only that chunk's new parts) → the facts both parsers need.
 * Only the first candidate is read: the adapter refuses n > 1.
 */
import type { JsonObject, Usage } from '../../canonical/chat.js'
import { readArray, asNumber, readObject, asString, isObject } from '../../wire/json.js'
import { parseUsage } from './parse-usage.js'

export interface PartialArg {
  /** JSONPath of the value, e.g. `$.location`. */
  path: string
  value: string | number | boolean | null
  /** More of this string value follows in a later chunk. */
  willContinue: boolean
}

export interface FunctionCallPiece {
  name?: string
  args?: JsonObject
  partialArgs: PartialArg[]
  /** Vertex streams arguments: more pieces of this call follow. */
  willContinue: boolean
  thoughtSignature?: string
}

export type PartItem =
  | { kind: 'text'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'call'; call: FunctionCallPiece }

export interface GeminiChunk {
  responseId?: string
  modelVersion?: string
  hasCandidates: boolean
  blockReason?: string
  blockMessage?: string
  parts: PartItem[]
  finishReason?: string
  finishMessage?: string
  usage?: Usage
}

export function readChunk(body: JsonObject): GeminiChunk {
  const candidates = readArray(body.candidates)
  const candidate = readObject(candidates[0])
  const feedback = readObject(body.promptFeedback)
  const chunk: GeminiChunk = {
    hasCandidates: candidates.length > 0,
    parts: readArray(readObject(candidate.content).parts).flatMap(readPart),
  }
  const responseId = asString(body.responseId)
  if (responseId !== undefined) chunk.responseId = responseId
  const modelVersion = asString(body.modelVersion)
  if (modelVersion !== undefined) chunk.modelVersion = modelVersion
  const blockReason = asString(feedback.blockReason)
  if (blockReason !== undefined) chunk.blockReason = blockReason
  const blockMessage = asString(feedback.blockReasonMessage)
  if (blockMessage !== undefined) chunk.blockMessage = blockMessage
  const finishReason = asString(candidate.finishReason)
  if (finishReason !== undefined) chunk.finishReason = finishReason
  const finishMessage = asString(candidate.finishMessage)
  if (finishMessage !== undefined) chunk.finishMessage = finishMessage
  const usage = parseUsage(body.usageMetadata)
  if (usage !== undefined) chunk.usage = usage
  return chunk
}

function readPart(value: unknown): PartItem[] {
  if (!isObject(value)) return []
  if (isObject(value.functionCall)) return [{ kind: 'call', call: readFunctionCall(value.functionCall, value) }]
  const text = asString(value.text)
  // The last chunk often carries `text: ""` beside a thoughtSignature: nothing to emit.
  if (text === undefined || text === '') return []
  return [{ kind: value.thought === true ? 'reasoning' : 'text', text }]
}

function readFunctionCall(call: JsonObject, part: JsonObject): FunctionCallPiece {
  const piece: FunctionCallPiece = {
    partialArgs: readArray(call.partialArgs).flatMap(readPartialArg),
    willContinue: call.willContinue === true,
  }
  const name = asString(call.name)
  if (name !== undefined) piece.name = name
  if (isObject(call.args)) piece.args = call.args
  const signature = asString(part.thoughtSignature)
  if (signature !== undefined) piece.thoughtSignature = signature
  return piece
}

function readPartialArg(value: unknown): PartialArg[] {
  if (!isObject(value)) return []
  const path = asString(value.jsonPath)
  if (path === undefined) return []
  const willContinue = value.willContinue === true
  const str = asString(value.stringValue)
  if (str !== undefined) return [{ path, value: str, willContinue }]
  const num = asNumber(value.numberValue)
  if (num !== undefined) return [{ path, value: num, willContinue }]
  if (typeof value.boolValue === 'boolean') return [{ path, value: value.boolValue, willContinue }]
  if ('nullValue' in value) return [{ path, value: null, willContinue }]
  return []
}
