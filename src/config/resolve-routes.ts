/**
 * `models:` → RouteConfig: targets checked against the declared providers, fallbacks against
 * the declared aliases, deployment ids assigned, server defaults merged in.
 */
import type { ConfigIssue } from './config-error.js'
import { displayPath, type ConfigPath, type Locator } from './locate.js'
import type { RawRoute, RawTimeouts } from './schema/routes-file.js'
import { toCapabilities } from './resolve-providers.js'
import { toDeprecation } from './resolve-deprecation.js'
import type { DeploymentConfig, Deprecation, RouteConfig, ServerConfig, Timeouts } from './types.js'

export interface RoutesResult {
  routes: Map<string, RouteConfig>
  issues: ConfigIssue[]
}

/** Splits `provider/model` at the first slash (model ids such as `meta-llama/Llama-3-8b` keep theirs). */
export function splitTarget(target: string): { provider: string; model: string } | undefined {
  const slash = target.indexOf('/')
  if (slash <= 0 || slash === target.length - 1) return undefined
  return { provider: target.slice(0, slash), model: target.slice(slash + 1) }
}

export function mergeTimeouts(base: Timeouts, raw: RawTimeouts | undefined): Timeouts {
  return {
    connectMs: raw?.connect_ms ?? base.connectMs,
    ttftMs: raw?.ttft_ms ?? base.ttftMs,
    idleMs: raw?.idle_ms ?? base.idleMs,
    totalMs: raw?.total_ms ?? base.totalMs,
    keepaliveMs: raw?.keepalive_ms ?? base.keepaliveMs,
  }
}

/** `groq/llama`, then `groq/llama#2`, `#3` when the same target repeats within one route. */
export function deploymentId(target: string, seen: Map<string, number>): string {
  const count = (seen.get(target) ?? 0) + 1
  seen.set(target, count)
  return count === 1 ? target : `${target}#${count}`
}

export function resolveRoutes(
  raws: Readonly<Record<string, string | RawRoute>>,
  providerNames: ReadonlySet<string>,
  server: ServerConfig,
  at: Locator,
  /** What is wrong with a deployment's `params:` for its provider's kind, or undefined. */
  checkParams: (provider: string, params: unknown) => string | undefined = () => undefined,
): RoutesResult {
  const routes = new Map<string, RouteConfig>()
  const issues: ConfigIssue[] = []
  const aliases = new Set(Object.keys(raws))
  const declared = [...providerNames].join(', ')

  for (const [alias, raw] of Object.entries(raws)) {
    const path: ConfigPath = ['models', alias]

    // resolveRoute looks aliases up before `provider/model`, so an alias named like a direct
    // target would silently take over that provider's model, and its metric label would
    // collide with the direct route's. Other slashes (`meta-llama/Llama-3`) are harmless.
    const shadowed = splitTarget(alias)
    if (shadowed && providerNames.has(shadowed.provider)) {
      issues.push(
        at.issue(
          path,
          `${displayPath(path)}: an alias must not start with '${shadowed.provider}/', a declared provider; it would hide the direct target of the same name`,
          'key',
        ),
      )
    }

    const route: RawRoute = typeof raw === 'string' ? { deployments: [{ target: raw }] } : raw
    const seen = new Map<string, number>()
    const deployments: DeploymentConfig[] = []
    route.deployments.forEach((d, index) => {
      const targetPath: ConfigPath = typeof raw === 'string' ? path : [...path, 'deployments', index, 'target']
      // Checked again here: the schema saw the text before `${…}` was expanded.
      const parts = splitTarget(d.target)
      if (!parts) {
        issues.push(at.issue(targetPath, `${displayPath(targetPath)} must be a target written '<provider>/<model>'`))
        return
      }
      if (!providerNames.has(parts.provider)) {
        issues.push(
          at.issue(targetPath, `${displayPath(targetPath)} names provider '${parts.provider}', which is not declared under providers (declared: ${declared})`),
        )
        return
      }
      const deployment: DeploymentConfig = {
        id: deploymentId(d.target, seen),
        target: d.target,
        provider: parts.provider,
        model: parts.model,
        weight: d.weight ?? 1,
      }
      if (d.rpm !== undefined) deployment.rpm = d.rpm
      if (d.tpm !== undefined) deployment.tpm = d.tpm
      if (d.price !== undefined) deployment.price = { input: d.price.input, output: d.price.output, cachedInput: d.price.cached_input ?? d.price.input }
      const capabilities = toCapabilities(d.capabilities)
      if (capabilities !== undefined) deployment.capabilities = capabilities
      const dPath: ConfigPath = [...path, 'deployments', index]
      if (d.params !== undefined && typeof raw !== 'string') {
        const problem = checkParams(parts.provider, d.params)
        if (problem === undefined) deployment.params = d.params
        else issues.push(at.issue([...dPath, 'params'], `${displayPath([...dPath, 'params'])} ${problem}`))
      }
      if (d.deprecated !== undefined && typeof raw !== 'string') {
        const deprecated = toDeprecation(d.deprecated, aliases)
        if (deprecated.ok) deployment.deprecated = deprecated.value
        else issues.push(at.issue([...dPath, 'deprecated'], `${displayPath([...dPath, 'deprecated'])}: ${deprecated.problem}`))
      }
      deployments.push(deployment)
    })

    const checkAliases = (key: 'fallbacks' | 'context_window_fallbacks'): string[] => {
      const names = route[key] ?? []
      names.forEach((name, index) => {
        const where: ConfigPath = [...path, key, index]
        if (name === alias) issues.push(at.issue(where, `${displayPath(where)} names '${alias}' itself`))
        else if (!aliases.has(name)) issues.push(at.issue(where, `${displayPath(where)} names '${name}', which is not an alias declared under models`))
      })
      return names
    }

    let deprecated: Deprecation | undefined
    if (route.deprecated !== undefined && typeof raw !== 'string') {
      const resolved = toDeprecation(route.deprecated, aliases)
      if (resolved.ok) deprecated = resolved.value
      else issues.push(at.issue([...path, 'deprecated'], `${displayPath([...path, 'deprecated'])}: ${resolved.problem}`))
      if (resolved.ok && resolved.value.successor === alias) issues.push(at.issue([...path, 'deprecated'], `${displayPath([...path, 'deprecated'])}: successor names '${alias}' itself`))
    }
    routes.set(alias, {
      name: alias,
      label: alias,
      alias: true,
      deployments,
      strategy: route.strategy ?? 'weighted',
      retries: route.retries ?? server.retries,
      fallbacks: checkAliases('fallbacks'),
      contextWindowFallbacks: checkAliases('context_window_fallbacks'),
      timeouts: mergeTimeouts(server.timeouts, route.timeouts),
      dropParams: route.drop_params ?? false,
      toolValidation: { mode: route.tool_validation ?? server.toolValidation.mode, retries: route.tool_validation_retries ?? server.toolValidation.retries },
      ...(route.cache === true ? { cache: true } : {}),
      ...(deprecated === undefined ? {} : { deprecated }),
    })
  }
  return { routes, issues }
}
