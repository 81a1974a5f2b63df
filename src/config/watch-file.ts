/**
 * Calls `onChange` (debounced) when routes.yaml may have changed. The directory is watched
 * rather than the file, and any event in it counts: editors that save by renaming a new file
 * over the old one, and Kubernetes ConfigMap volumes that swap a `..data` symlink, never touch
 * the watched inode or the file's own name. The caller compares the text and ignores events
 * that changed nothing.
 */
import { watch, type FSWatcher } from 'node:fs'
import { dirname, resolve } from 'node:path'

export interface FileWatch {
  close(): void
}

export function watchFile(file: string, onChange: () => void, onError: (err: Error) => void, debounceMs = 150): FileWatch {
  let timer: NodeJS.Timeout | undefined
  const watcher: FSWatcher = watch(dirname(resolve(file)), { persistent: false }, () => {
    clearTimeout(timer)
    timer = setTimeout(onChange, debounceMs)
  })
  watcher.on('error', onError)
  return {
    close() {
      clearTimeout(timer)
      watcher.close()
    },
  }
}
