/** Small pieces shared by the fake's in-process answers. */

/** A body of one chunk. */
export async function* singleChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

/** What a local answer rejects with when the executor aborted it (as fetch does). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}
