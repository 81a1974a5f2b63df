/**
 * A deprecated alias at request time (routes.yaml `deprecated:`). Before its sunset it is
 * served, and every answer (errors too) says so: `Deprecation: @<since>` (RFC 9745, a
 * Structured Field Date), `Sunset: <HTTP-date>` (RFC 8594) and `Link: </v1/models/<successor>>;
 * rel="successor-version"`. After the sunset the route either refuses with 410 naming the
 * successor, or serves the successor (saying so in `x-switchyard-redirected-from`), as the route
 * chooses. `switchyard_deprecated_requests_total{route, key, phase}` counts who still calls it.
 */
import { boundClientString } from '../canonical/client-string.js'
import type { Config, Deprecation, RouteConfig } from '../config/types.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { Metrics } from '../metrics/metrics.js'

/** The headers of a deprecated alias or deployment; without a `since`, deprecated as of `now`. */
export function lifecycleHeaders(d: Deprecation, now: number): Record<string, string> {
  const headers: Record<string, string> = { deprecation: `@${Math.floor((d.since ?? now) / 1000)}` }
  if (d.sunset !== undefined) headers.sunset = new Date(d.sunset).toUTCString()
  if (d.successor !== undefined) headers.link = `</v1/models/${encodeURIComponent(d.successor)}>; rel="successor-version"`
  return headers
}

/**
 * The route to serve: the requested one, or its successor (redirect); or a 410. `answerHeaders`
 * gets the headers every answer to this request carries (the 410 too) before anything is decided.
 */
export function routeLifecycle(config: Config, route: RouteConfig, now: number, metrics: Metrics, key: string, answerHeaders: (h: Record<string, string>) => void): RouteConfig {
  const d = route.deprecated
  if (d === undefined) return route
  const headers = lifecycleHeaders(d, now)
  const sunsetPassed = d.sunset !== undefined && d.sunset <= now
  const successor = d.successor === undefined ? undefined : config.routes.get(d.successor)
  const phase = !sunsetPassed ? 'deprecated' : d.afterSunset === 'redirect' && successor !== undefined ? 'redirected' : 'refused'
  metrics.deprecatedRequests.inc({ route: route.label, key, phase })
  if (phase === 'redirected' && successor !== undefined) {
    answerHeaders({ ...headers, 'x-switchyard-redirected-from': boundClientString(route.name) })
    return successor
  }
  answerHeaders(headers)
  if (phase === 'deprecated') return route
  const instead = d.successor === undefined ? '' : ` Use '${d.successor}' instead.`
  const note = d.message === undefined ? '' : ` ${d.message}`
  throw new GatewayError('gone', `The model '${route.name}' was retired on ${new Date(d.sunset ?? now).toISOString().slice(0, 10)}.${instead}${note}`, {
    param: 'model',
    code: 'model_retired',
  })
}
