/** An SSE comment line: clients and the SDKs ignore it, proxies see traffic. */
export const KEEP_ALIVE_LINE = ': keep-alive\n\n'

/**
 * Whether `pending` settles within `ms`. The timer is cleared either way, and a rejection is
 * observed here (the caller still awaits `pending` itself to get it).
 */
export async function settlesWithin(pending: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([
      pending.then(
        () => true,
        () => true,
      ),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}
