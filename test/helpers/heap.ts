import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// The garbage collector, reachable without starting node with --expose-gc.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** This process's heap in bytes after two full collections (the second reclaims what the first's finalisers freed). */
export function heapBytesAfterGc(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

export function heapMbAfterGc(): number {
  return heapBytesAfterGc() / 2 ** 20
}
