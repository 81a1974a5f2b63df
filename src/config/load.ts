/**
 * routes.yaml → Config. The pipeline: YAML (keeping node positions) → schema (ajv, on the
 * text as written) → `${VAR}` expansion → semantic checks → a deep-frozen Config. Every
 * problem of a stage is collected and reported together as `file:line:col: message`.
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { ConfigError, formatIssue, sortIssues, type ConfigIssue } from './config-error.js'
import { DEFAULT_SERVER } from './defaults.js'
import { expandTree, type Env } from './interpolate.js'
import { displayPath, Locator, type ConfigPath } from './locate.js'
import { SECRET_PROVIDER_KEYS, type RawFile, type RawServer } from './raw-types.js'
import { resolveProviders } from './resolve-providers.js'
import { resolveAccess } from './resolve-access.js'
import { mergeTimeouts, resolveRoutes } from './resolve-routes.js'
import { schemaIssues } from './schema-errors.js'
import { deepFreeze, frozenMap } from './freeze.js'
import type { Config, ServerConfig } from './types.js'

export { ConfigError } from './config-error.js'
export { directRoute, resolveRoute } from './route-lookup.js'

/** routes.schema.json at the package root: beside src/ in the repo, beside dist/ when built. */
const SCHEMA_URL = new URL('../../routes.schema.json', import.meta.url)

function compileSchema(): ValidateFunction<RawFile> {
  const schema: unknown = JSON.parse(readFileSync(SCHEMA_URL, 'utf8'))
  if (typeof schema !== 'object' || schema === null) throw new Error(`${SCHEMA_URL.pathname} is not a JSON object`)
  // verbose: errors carry their schema, which names the allowed keys. strictRequired is off
  // because azure's `then` requires keys declared by the enclosing provider schema.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true })
  return ajv.compile<RawFile>(schema)
}

/** Finds the pair whose key starts at `offset` (a duplicate-key error points there) and names it. */
function keyAt(doc: Document, offset: number): { path: ConfigPath; key: string } | undefined {
  const search = (node: unknown, path: (string | number)[]): { path: ConfigPath; key: string } | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined
        if (key !== undefined && isScalar(pair.key) && pair.key.range?.[0] === offset) return { path, key }
        const found = search(pair.value, key === undefined ? path : [...path, key])
        if (found) return found
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const found = search(item, [...path, index])
        if (found) return found
      }
    }
    return undefined
  }
  return search(doc.contents, [])
}

function yamlIssues(doc: Document<Node, true>, at: Locator): ConfigIssue[] {
  return doc.errors.map((e) => {
    const position = at.offset(e.pos[0])
    if (e.code === 'DUPLICATE_KEY') {
      const dup = keyAt(doc, e.pos[0])
      if (dup) return { file: at.file, position, message: `${displayPath(dup.path)} has key '${dup.key}' twice` }
    }
    return { file: at.file, position, message: `invalid YAML: ${e.message.split('\n')[0]}` }
  })
}

function resolveServer(raw: RawServer | undefined): ServerConfig {
  return {
    port: raw?.port ?? DEFAULT_SERVER.port,
    host: raw?.host === undefined || raw.host === '' ? DEFAULT_SERVER.host : raw.host,
    maxBodyBytes: raw?.max_body_bytes ?? DEFAULT_SERVER.maxBodyBytes,
    retries: raw?.retries ?? DEFAULT_SERVER.retries,
    timeouts: mergeTimeouts(DEFAULT_SERVER.timeouts, raw?.timeouts),
    watchConfig: raw?.watch_config ?? DEFAULT_SERVER.watchConfig,
    shutdownGraceMs: raw?.shutdown_grace_ms ?? DEFAULT_SERVER.shutdownGraceMs,
    shutdownDelayMs: raw?.shutdown_delay_ms ?? DEFAULT_SERVER.shutdownDelayMs,
    logLevel: raw?.log_level ?? DEFAULT_SERVER.logLevel,
    logContent: raw?.log_content ?? DEFAULT_SERVER.logContent,
    fallbacks: raw?.fallbacks ?? [],
    cooldown: {
      minFailures: raw?.cooldown?.min_failures ?? DEFAULT_SERVER.cooldown.minFailures,
      failureRatio: raw?.cooldown?.failure_ratio ?? DEFAULT_SERVER.cooldown.failureRatio,
      windowMs: raw?.cooldown?.window_ms ?? DEFAULT_SERVER.cooldown.windowMs,
      durationMs: raw?.cooldown?.duration_ms ?? DEFAULT_SERVER.cooldown.durationMs,
    },
    backoff: {
      baseMs: raw?.backoff?.base_ms ?? DEFAULT_SERVER.backoff.baseMs,
      maxMs: raw?.backoff?.max_ms ?? DEFAULT_SERVER.backoff.maxMs,
    },
  }
}

function isSecretPath(path: ConfigPath): boolean {
  return path.length === 3 && path[0] === 'providers' && SECRET_PROVIDER_KEYS.has(String(path[2]))
}

/** Parses and validates routes.yaml text. `file` is only used in messages; `env` is usually process.env. */
export function parseConfig(text: string, file: string, env: Env): Config {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true })
  const at = new Locator(file, doc, lines)

  const syntax = yamlIssues(doc, at)
  if (syntax.length > 0) throw new ConfigError(syntax)

  let data: unknown
  try {
    data = doc.toJS()
  } catch (err) {
    // e.g. a document that expands too many aliases (yaml's guard against "billion laughs").
    throw new ConfigError([{ file, position: { line: 1, col: 1 }, message: `invalid YAML: ${err instanceof Error ? err.message : String(err)}` }])
  }

  const validate = compileSchema()
  if (!validate(data)) throw new ConfigError(schemaIssues(validate.errors ?? [], data, at))

  const expanded = expandTree(data, env, isSecretPath)
  const issues: ConfigIssue[] = expanded.problems.map((p) => at.issue(p.path, `${displayPath(p.path)} ${p.message}`))

  const missingSecrets = new Map<string, Map<string, readonly string[]>>()
  for (const { path, vars } of expanded.missingSecrets) {
    const provider = String(path[1])
    const keys = missingSecrets.get(provider) ?? new Map<string, readonly string[]>()
    keys.set(String(path[2]), vars)
    missingSecrets.set(provider, keys)
  }

  const raw = expanded.value
  const server = resolveServer(raw.server)
  const providers = resolveProviders(raw.providers, missingSecrets, env, at)
  const routes = resolveRoutes(raw.models ?? {}, new Set(providers.providers.keys()), server, at)
  const access = resolveAccess(raw, at)
  server.fallbacks.forEach((name, index) => {
    const where: ConfigPath = ['server', 'fallbacks', index]
    if (!routes.routes.has(name)) routes.issues.push(at.issue(where, `${displayPath(where)} names '${name}', which is not an alias declared under models`))
  })
  // A value whose expansion failed was left as written; checking it again would only repeat
  // the problem in other words, so later issues at the same node are dropped.
  const failed = new Set(issues.map((i) => `${i.position?.line}:${i.position?.col}`))
  issues.push(...[...providers.issues, ...routes.issues, ...access.issues].filter((i) => !failed.has(`${i.position?.line}:${i.position?.col}`)))
  if (issues.length > 0) throw new ConfigError(issues)

  const warnings: ConfigIssue[] = [
    ...doc.warnings.map((w) => ({ file, position: at.offset(w.pos[0]), message: `YAML: ${w.message.split('\n')[0]}` })),
    ...providers.warnings,
    ...access.warnings,
  ]

  return deepFreeze({
    file,
    server: deepFreeze(server),
    providers: frozenMap([...providers.providers].map(([name, p]) => [name, deepFreeze(p)] as const)),
    routes: frozenMap([...routes.routes].map(([name, r]) => [name, deepFreeze(r)] as const)),
    auth: deepFreeze({ ...access.auth, keys: frozenMap([...access.auth.keys].map(([hash, k]) => [hash, deepFreeze(k)] as const)) }),
    state: deepFreeze(access.state),
    cache: deepFreeze(access.cache),
    responses: deepFreeze(access.responses),
    warnings: sortIssues(warnings).map(formatIssue),
  })
}

/** The text of routes.yaml; an unreadable file is a ConfigError. */
export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new ConfigError([{ file, message: `cannot read the file (${reason})` }])
  }
}

/** Reads and parses routes.yaml; every problem, including an unreadable file, is a ConfigError. */
export function loadConfig(file: string, env: Env): Config {
  return parseConfig(readConfigText(file), file, env)
}
