/**
 * What went wrong in routes.yaml. One issue per problem, each with its position, so
 * `switchyard check` (and a failed start or reload) prints every problem at once, one per line.
 */

export interface ConfigPosition {
  /** 1-based. */
  line: number
  /** 1-based. */
  col: number
}

export interface ConfigIssue {
  file: string
  /** Absent only for problems with the file as a whole (it cannot be read). */
  position?: ConfigPosition
  message: string
}

/** `routes.yaml:3:11: message`, the shape editors and terminals turn into links. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.position ? `${issue.file}:${issue.position.line}:${issue.position.col}` : issue.file
  return `${where}: ${issue.message}`
}

/** Sorts by position (file-level issues first), then message, and drops exact repeats. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>()
  const unique: ConfigIssue[] = []
  for (const issue of issues) {
    const key = formatIssue(issue)
    if (seen.has(key)) continue
    seen.add(key)
    unique.push(issue)
  }
  return unique.sort((a, b) => {
    const la = a.position?.line ?? 0
    const lb = b.position?.line ?? 0
    if (la !== lb) return la - lb
    const ca = a.position?.col ?? 0
    const cb = b.position?.col ?? 0
    if (ca !== cb) return ca - cb
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0
  })
}

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[]

  constructor(issues: readonly ConfigIssue[]) {
    const sorted = sortIssues(issues)
    super(sorted.map(formatIssue).join('\n'))
    this.name = 'ConfigError'
    this.issues = Object.freeze(sorted)
  }
}
