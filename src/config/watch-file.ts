/**
 * Calls `onChange` (debounced) when routes.yaml itself has changed. The directory is watched
 * rather than the file: editors that save by renaming a new file over the old one, and
 * Kubernetes ConfigMap volumes that swap a `..data` symlink, never touch the watched inode or
 * the file's own name. But an event in the directory only counts when the file, followed
 * through its symlinks, is no longer what it was (another inode, size, mtime or ctime): a log
 * file written beside routes.yaml (`npm start > switchyard.log`) must not make the gateway
 * re-read, and with an invalid config refuse again, on every line it logs.
 */
import { statSync, watch, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'

export interface FileWatch {
  close(): void
}

/** What the file is now, or `missing` while it cannot be read (mid-rename, deleted). */
function identity(file: string): string {
  try {
    const s = statSync(file, { bigint: true })
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`
  } catch {
    return 'missing'
  }
}

export function watchFile(file: string, onChange: () => void, onError: (err: Error) => void, debounceMs = 150): FileWatch {
  const path = resolve(file)
  const name = basename(path)
  let seen = identity(path)
  let timer: NodeJS.Timeout | undefined

  const check = (): void => {
    timer = undefined
    const now = identity(path)
    if (now === seen) return
    seen = now
    // A file that is gone has nothing to load; its return is a change like any other.
    if (now !== 'missing') onChange()
  }

  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
    // Events naming the file restart the wait (an editor's save is several events); others
    // (a ConfigMap's `..data` swap, or an unrelated file) only schedule a look, so a chatty
    // neighbour can neither trigger reloads nor postpone one forever.
    if (filename === name || timer === undefined) {
      clearTimeout(timer)
      timer = setTimeout(check, debounceMs)
    }
  })
  watcher.on('error', onError)
  return {
    close() {
      clearTimeout(timer)
      watcher.close()
    },
  }
}
