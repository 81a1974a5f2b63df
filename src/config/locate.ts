/**
 * Maps a path in the parsed value (`['providers', 'up', 'kind']`) back to where it was written
 * in routes.yaml, so every problem, whichever stage finds it, is reported as `file:line:col`.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'
import type { ConfigIssue, ConfigPosition } from './config-error.js'

export type ConfigPath = readonly (string | number)[]

/** Where an issue points: the value at the path, or the key that introduces it. */
export type Anchor = 'value' | 'key'

const PLAIN_SEGMENT = /^[A-Za-z0-9_-]+$/

/** `models.chat.deployments[0].target`; keys with other characters are quoted: `providers["my.up"]`. */
export function displayPath(path: ConfigPath): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (PLAIN_SEGMENT.test(seg)) out += out === '' ? seg : `.${seg}`
    else out += `[${JSON.stringify(seg)}]`
  }
  return out === '' ? 'the top level' : out
}

interface Found {
  /** The deepest node reached on the way (the value at the path when all of it exists). */
  node: Node | null
  /** The key node of the last segment, when the path ends inside a mapping. */
  key: Node | null
  /** Whether every segment was found. */
  complete: boolean
}

export class Locator {
  readonly file: string
  private readonly doc: Document
  private readonly lines: LineCounter

  constructor(file: string, doc: Document, lines: LineCounter) {
    this.file = file
    this.doc = doc
    this.lines = lines
  }

  /** The position of a byte offset in the source. */
  offset(offset: number): ConfigPosition {
    const { line, col } = this.lines.linePos(offset)
    return { line, col }
  }

  position(path: ConfigPath, anchor: Anchor = 'value'): ConfigPosition {
    const found = this.find(path)
    const node = anchor === 'key' && found.complete && found.key ? found.key : (found.node ?? found.key)
    const start = node?.range?.[0]
    return start === undefined ? { line: 1, col: 1 } : this.offset(start)
  }

  issue(path: ConfigPath, message: string, anchor: Anchor = 'value'): ConfigIssue {
    return { file: this.file, position: this.position(path, anchor), message }
  }

  private find(path: ConfigPath): Found {
    let node: Node | null = this.resolve(this.doc.contents)
    // Where the value was written: an alias (`*deps`) is reported where it is used, not
    // where its anchor is, while the walk itself continues into the anchored node.
    let written: Node | null = node
    let key: Node | null = null
    for (const seg of path) {
      let next: unknown
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))
        if (!pair) return { node: written, key, complete: false }
        key = isScalar(pair.key) ? pair.key : null
        next = pair.value
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        key = null
        next = node.items[seg]
      } else {
        return { node: written, key, complete: false }
      }
      const value = this.resolve(next)
      // `key:` with nothing after it has an empty null value: point at the key instead.
      const empty = value === null || !value.range || (isScalar(value) && value.range[0] === value.range[1])
      if (empty) return { node: key ?? written, key, complete: true }
      node = value
      written = isAlias(next) && next.range ? next : value
    }
    return { node: written, key, complete: true }
  }

  /** Follows a YAML alias (`*anchor`) to the node it names; anything that is not a node becomes null. */
  private resolve(value: unknown): Node | null {
    if (isAlias(value)) return this.resolve(value.resolve(this.doc))
    if (isMap(value) || isSeq(value) || isScalar(value)) return value
    return null
  }
}
