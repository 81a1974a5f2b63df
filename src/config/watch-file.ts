/**
 * Calls `onChange` (debounced) when routes.yaml changes. The directory is watched rather than
 * the file: editors that save by writing a new file and renaming it over the old one would
 * leave a watch on the old inode deaf after the first save.
 */
import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'

export interface FileWatch {
  close(): void
}

export function watchFile(file: string, onChange: () => void, onError: (err: Error) => void, debounceMs = 150): FileWatch {
  const path = resolve(file)
  const name = basename(path)
  let timer: NodeJS.Timeout | undefined
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
    // filename can be missing on some platforms: then any change in the directory counts.
    if (filename !== null && filename !== name) return
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
