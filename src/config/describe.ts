/**
 * The route table `switchyard check` prints: providers (kind, host, whether credentials are
 * present — never the credentials), aliases with their deployments, and the warnings.
 */
import { MODULES, type ProviderKind } from '../providers/registry.js'
import { DEFAULT_SERVER } from './defaults.js'
import { describeAccess } from './describe-access.js'
import { deprecationWarnings } from './deprecation-warnings.js'
import type { Config, ProviderConfig, RouteConfig, ServerConfig, Timeouts } from './types.js'

function host(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl
  } catch {
    return baseUrl
  }
}

/** Whether the provider has what it needs to authenticate, in words. Never shows a secret. */
function credentials(p: ProviderConfig): string {
  if (p.missingEnv.length > 0) return `key missing: ${p.missingEnv.join(', ')} not set`
  if (p.apiKey !== undefined) return 'key set'
  return kindCredentials(p) ?? 'no key'
}

/** Credentials other than an api_key, as the provider's kind describes them (AWS keys, built in). */
function kindCredentials<K extends ProviderKind>(p: ProviderConfig<K>): string | undefined {
  return MODULES[p.kind].credentialsNote?.(p.options)
}

function bytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`
  return n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`
}

/** What a client and an upstream may send, when set other than the defaults (the line is left out otherwise). */
function describeLimits(s: ServerConfig): string[] {
  const d = DEFAULT_SERVER
  const parts: string[] = []
  if (s.cors.allowOrigins.length > 0) parts.push(`CORS for ${s.cors.allowOrigins.join(', ')}`)
  if (s.bodyTimeoutMs !== d.bodyTimeoutMs) parts.push(`request body within ${seconds(s.bodyTimeoutMs)}`)
  const u = s.upstreamLimits
  const du = d.upstreamLimits
  if (u.maxBodyBytes !== du.maxBodyBytes || u.maxEventBytes !== du.maxEventBytes || u.maxErrorBodyBytes !== du.maxErrorBodyBytes) {
    parts.push(`upstream answers up to ${bytes(u.maxBodyBytes)}, stream events up to ${bytes(u.maxEventBytes)}, error bodies up to ${bytes(u.maxErrorBodyBytes)}`)
  }
  return parts.length > 0 ? [`Limits: ${parts.join('; ')}`] : []
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`
}

function describeTimeouts(t: Timeouts): string {
  const keepalive = t.keepaliveMs > 0 ? `, keep-alive every ${seconds(t.keepaliveMs)}` : ''
  return `connect ${seconds(t.connectMs)}, ttft ${seconds(t.ttftMs)}, idle ${seconds(t.idleMs)}, total ${seconds(t.totalMs)}${keepalive}`
}

function sameTimeouts(a: Timeouts, b: Timeouts): boolean {
  return a.connectMs === b.connectMs && a.ttftMs === b.ttftMs && a.idleMs === b.idleMs && a.totalMs === b.totalMs && a.keepaliveMs === b.keepaliveMs
}

/** Left-aligned columns, two spaces apart, each line indented. */
function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
}

function routeSummary(route: RouteConfig, config: Config): string {
  const parts = [route.strategy, `retries ${route.retries}`]
  if (route.fallbacks.length > 0) parts.push(`fallbacks: ${route.fallbacks.join(', ')}`)
  if (route.contextWindowFallbacks.length > 0) parts.push(`context-window fallbacks: ${route.contextWindowFallbacks.join(', ')}`)
  if (route.dropParams) parts.push('drops unsupported params')
  if (route.cache === true) parts.push('response cache on')
  if (!sameTimeouts(route.timeouts, config.server.timeouts)) parts.push(`timeouts ${describeTimeouts(route.timeouts)}`)
  return parts.join('; ')
}

function deploymentRows(route: RouteConfig): string[][] {
  const total = route.deployments.reduce((sum, d) => sum + d.weight, 0)
  return route.deployments.map((d, index) => {
    // Weights only matter to the weighted strategy; order only to the ordered one.
    let weight = ''
    if (route.strategy === 'weighted') weight = `weight ${d.weight} (${Math.round((d.weight / total) * 100)}%)`
    else if (route.strategy === 'ordered') weight = `order ${index + 1}`
    const limits = [d.rpm !== undefined ? `rpm ${d.rpm}` : '', d.tpm !== undefined ? `tpm ${d.tpm}` : ''].filter((s) => s !== '').join(' ')
    return [d.id, weight, limits]
  })
}

export function describeConfig(config: Config, now: number = Date.now()): string {
  const s = config.server
  const lines: string[] = [
    `Config ${config.file}`,
    `Server ${s.host}:${s.port}; max body ${s.maxBodyBytes} bytes; retries ${s.retries}; timeouts ${describeTimeouts(s.timeouts)}`,
    ...describeLimits(s),
    `Routing: ${s.fallbacks.length > 0 ? `fallbacks for every route: ${s.fallbacks.join(', ')}; ` : ''}cooldown after ${s.cooldown.minFailures}+ failures and ${Math.round(s.cooldown.failureRatio * 100)}% failed within ${seconds(s.cooldown.windowMs)}, for ${seconds(s.cooldown.durationMs)}; backoff ${seconds(s.backoff.baseMs)} doubling up to ${seconds(s.backoff.maxMs)}`,
    '',
    `Providers (${config.providers.size})`,
    ...table(
      [...config.providers.values()].map((p) => [p.name, p.kind, host(p.baseUrl), credentials(p)]),
      '  ',
    ),
    '',
    `Models (${config.routes.size})`,
  ]
  if (config.routes.size === 0) lines.push('  (none: clients address provider/model directly)')
  for (const route of config.routes.values()) {
    lines.push(`  ${route.name}: ${routeSummary(route, config)}`)
    lines.push(...table(deploymentRows(route), '    '))
  }
  lines.push(...describeAccess(config))
  const warnings = [...config.warnings, ...deprecationWarnings(config, now)]
  if (warnings.length > 0) {
    lines.push('', `Warnings (${warnings.length})`, ...warnings.map((w) => `  ${w}`))
  }
  return lines.join('\n') + '\n'
}
