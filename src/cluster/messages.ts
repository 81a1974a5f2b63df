/** What the cluster primary and its workers say to each other over IPC. */
export type ClusterMessage =
  | { type: 'switchyard:reload'; trigger: 'watch' | 'SIGHUP' }
  | { type: 'switchyard:metrics-request'; id: number }
  | { type: 'switchyard:metrics-response'; id: number; text: string; contentType: string }
  | { type: 'switchyard:metrics-error'; id: number; message: string }
  | { type: 'switchyard:snapshot-request'; id: number }
  | { type: 'switchyard:snapshot'; id: number; metrics: unknown }

const TYPES: ReadonlySet<string> = new Set([
  'switchyard:reload',
  'switchyard:metrics-request',
  'switchyard:metrics-response',
  'switchyard:metrics-error',
  'switchyard:snapshot-request',
  'switchyard:snapshot',
])

/** IPC carries anything any library sends; keep ours. */
export function isClusterMessage(value: unknown): value is ClusterMessage {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string' && TYPES.has(value.type)
}
