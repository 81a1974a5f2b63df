/**
 * routes.yaml → Config. The pipeline: YAML (keeping node positions) → schema (ajv, on the
 * text as written) → `${VAR}` expansion → semantic checks → a deep-frozen Config. Every
 * problem of a stage is collected and reported together as `file:line:col: message`.
 *
 * The schema is routes.schema.json, generated from the TypeBox schema in ./schema/ (`npm run
 * schema`; a test fails when it is stale), and validated by code generated from it at the same
 * time (./schema/validate-routes.generated.ts, ajv standalone): compiling it took ~200 ms of
 * every start-up.
 */
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { createParamsCheck } from '../providers/provider-options.js'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { ConfigError, formatIssue, sortIssues, type ConfigIssue } from './config-error.js'
import { isProviderKind } from '../providers/registry.js'
import { expandTree, type Env } from './interpolate.js'
import { displayPath, Locator, type ConfigPath } from './locate.js'
import { resolveProviders, secretKeys } from './resolve-providers.js'
import { resolveAccess } from './resolve-access.js'
import { resolveRoutes } from './resolve-routes.js'
import { resolveServer } from './resolve-server.js'
import type { RawFile } from './schema/routes-file.js'
import { validateRoutes } from './schema/validate-routes.generated.js'
import { schemaIssues } from './schema-errors.js'
import { deepFreeze, frozenMap } from './freeze.js'
import type { Config } from './types.js'

export { ConfigError } from './config-error.js'
export { directRoute, resolveRoute } from './route-lookup.js'

/** Checks `params:` against the kinds' request options; its Ajv is made only when a file has params. */
function lazyParamsCheck(): (kind: string, params: unknown) => string | undefined {
  let check: ((kind: string, params: unknown) => string | undefined) | undefined
  return (kind, params) => {
    check ??= createParamsCheck(new Ajv({ allErrors: false, strict: false }))
    return check(kind, params)
  }
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

/** Which strings hold secrets: `providers.<name>.<key>` for the api_key and the keys its kind calls secret. */
function secretPaths(data: RawFile): (path: ConfigPath) => boolean {
  const secrets = new Map<string, ReadonlySet<string>>()
  for (const [name, provider] of Object.entries(data.providers)) {
    if (isProviderKind(provider.kind)) secrets.set(name, new Set(secretKeys(provider.kind)))
  }
  return (path) => path.length === 3 && path[0] === 'providers' && secrets.get(String(path[1]))?.has(String(path[2])) === true
}

/**
 * Parses and validates routes.yaml text. `file` is only used in messages; `env` is usually
 * process.env.
 */
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

  if (!validateRoutes(data)) throw new ConfigError(schemaIssues(validateRoutes.errors ?? [], data, at))

  const expanded = expandTree(data, env, secretPaths(data))
  const issues: ConfigIssue[] = expanded.problems.map((p) => at.issue(p.path, `${displayPath(p.path)} ${p.message}`))

  const missingSecrets = new Map<string, Map<string, readonly string[]>>()
  for (const { path, vars } of expanded.missingSecrets) {
    const provider = String(path[1])
    const keys = missingSecrets.get(provider) ?? new Map<string, readonly string[]>()
    keys.set(String(path[2]), vars)
    missingSecrets.set(provider, keys)
  }

  const raw = expanded.value
  const access = resolveAccess(raw, at)
  const server = resolveServer(raw.server, access.auth.masterKeyHash === undefined && access.auth.keys.size === 0)
  const providers = resolveProviders(raw.providers, missingSecrets, env, at)
  const paramsCheck = lazyParamsCheck()
  const kindOf = (name: string): string | undefined => raw.providers[name]?.kind
  const routes = resolveRoutes(raw.models ?? {}, new Set(Object.keys(raw.providers)), server, at, (provider, params) => paramsCheck(kindOf(provider) ?? '', params))
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
