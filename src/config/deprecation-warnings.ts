/** What `switchyard check` says about models on their way out: past their sunset, or near it. */
import type { Config, Deprecation } from './types.js'

const DAY_MS = 86_400_000
/** How close a sunset must be to be worth a warning. */
export const SUNSET_NOTICE_MS = 30 * DAY_MS

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

function warning(what: string, d: Deprecation, now: number): string | undefined {
  if (d.sunset === undefined) return undefined
  const next = d.successor === undefined ? 'no successor is named' : `successor: ${d.successor}`
  if (d.sunset <= now) {
    const after = d.afterSunset === 'redirect' ? `requests are redirected to '${d.successor}'` : 'requests are refused with 410'
    return `${what} is past its sunset (${day(d.sunset)}): ${after}; remove it when its traffic is gone`
  }
  if (d.sunset - now <= SUNSET_NOTICE_MS) return `${what} reaches its sunset in ${Math.ceil((d.sunset - now) / DAY_MS)} day(s) (${day(d.sunset)}; ${next})`
  return undefined
}

export function deprecationWarnings(config: Config, now: number): string[] {
  const out: string[] = []
  for (const route of config.routes.values()) {
    if (route.deprecated !== undefined) {
      const w = warning(`models.${route.name}`, route.deprecated, now)
      if (w !== undefined) out.push(w)
      const successor = route.deprecated.successor === undefined ? undefined : config.routes.get(route.deprecated.successor)
      const next = successor?.deprecated?.sunset
      if (successor !== undefined && next !== undefined && next <= now) out.push(`models.${route.name}: its successor '${successor.name}' is past its own sunset`)
    }
    route.deployments.forEach((d, i) => {
      const w = d.deprecated === undefined ? undefined : warning(`models.${route.name}.deployments[${i}] (${d.target})`, d.deprecated, now)
      if (w !== undefined) out.push(w)
    })
  }
  return out
}
