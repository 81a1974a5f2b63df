/**
 * Rebuilds function-call arguments that Vertex streams as `partialArgs` pieces
 * (stream-function-call-partial-args.jsonl): each piece names a JSONPath and a value; a string
 * value with `willContinue: true` continues in the next piece for the same path (the recorded
 * stream sends "Boston" with willContinue, then "" without it).
 *
 * The pieces are set into an object and the arguments are emitted as one JSON text when the
 * call ends. Re-emitting valid JSON fragments as they arrive would need a streaming JSON
 * writer that knows which keys are still open; one delta per call is what non-streaming
 * Gemini answers give too, and OpenAI clients accept either.
 */
import type { JsonObject } from '../../canonical/chat.js'
import { isObject } from '../../wire/json.js'
import type { PartialArg } from './read-chunk.js'

export interface ArgsBuilder {
  apply(pieces: PartialArg[]): void
  /** Whole `args` given on a piece of the call. */
  merge(args: JsonObject): void
  json(): string
}

export function createArgsBuilder(): ArgsBuilder {
  const root: JsonObject = {}
  const openStrings = new Set<string>()
  return {
    apply(pieces) {
      for (const piece of pieces) {
        const path = parsePath(piece.path)
        const previous = getAt(root, path)
        const value =
          typeof piece.value === 'string' && openStrings.has(piece.path) && typeof previous === 'string'
            ? previous + piece.value
            : piece.value
        setAt(root, path, value)
        if (typeof piece.value === 'string' && piece.willContinue) openStrings.add(piece.path)
        else openStrings.delete(piece.path)
      }
    },
    merge(args) {
      Object.assign(root, args)
    },
    json: () => JSON.stringify(root),
  }
}

type Segment = string | number

/** `$.a.b`, `$['a b']`, `$["a"]`, `$.list[0]` → segments. Anything else is one key. */
export function parsePath(path: string): Segment[] {
  if (!path.startsWith('$')) return [path]
  const segments: Segment[] = []
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y
  pattern.lastIndex = 1
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path)
    if (match === null) return [path.slice(2)]
    if (match[1] !== undefined) segments.push(match[1])
    else if (match[2] !== undefined) segments.push(Number(match[2]))
    else segments.push((match[3] ?? match[4]).replace(/\\(.)/g, '$1'))
  }
  return segments
}

function getAt(root: JsonObject, path: Segment[]): unknown {
  let node: unknown = root
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(node) : !isObject(node)) return undefined
    node = (node as Record<string | number, unknown>)[segment]
  }
  return node
}

function setAt(root: JsonObject, path: Segment[], value: unknown): void {
  if (path.length === 0) return
  let node: Record<string | number, unknown> = root
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i]
    const nextIsIndex = typeof path[i + 1] === 'number'
    let child = node[segment]
    if (nextIsIndex ? !Array.isArray(child) : !isObject(child)) {
      child = nextIsIndex ? [] : {}
      node[segment] = child
    }
    node = child as Record<string | number, unknown>
  }
  node[path[path.length - 1]] = value
}
