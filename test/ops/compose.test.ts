/**
 * No Docker engine runs in CI, so the stack's files are checked with the tools that can:
 * Debian's docker-compose validates docker-compose.yml, promtool the Prometheus config, and
 * the Grafana provisioning is checked to point at the files that exist.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const file = (p: string) => path.join(repoRoot, p)

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
}

interface Compose {
  services: Record<string, { image?: string; build?: unknown; profiles?: string[]; volumes?: string[]; environment?: Record<string, string>; command?: string[]; entrypoint?: string[] }>
}

describe('docker-compose stack files', () => {
  it('docker-compose.yml is valid (docker-compose config) with every service, the demo under a profile', { skip: has('docker-compose') ? false : 'docker-compose is not installed (apt-get install docker-compose; .ci/run does)' }, () => {
    // --env-file: the example stands in for the user's .env, as the README tells them to copy it.
    const out = execFileSync('docker-compose', ['--project-directory', repoRoot, '-f', file('docker-compose.yml'), '--env-file', file('.env.example'), '--profile', 'demo', 'config'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const resolved = parse(out) as Compose
    assert.deepEqual(Object.keys(resolved.services).sort(), ['demo', 'gateway', 'grafana', 'prometheus', 'redis'])
    const gateway = resolved.services.gateway!
    assert.ok(gateway.volumes?.some((v) => String(v).includes('/etc/switchyard/routes.yaml') && String(v).endsWith(':ro')), 'routes.yaml mounted read-only')
    assert.deepEqual(gateway.command, ['serve', '--config', '/etc/switchyard/routes.yaml', '--workers', '2'])
    assert.equal(gateway.environment?.OPENAI_API_KEY, '')
    assert.deepEqual(resolved.services.demo!.profiles, ['demo'])
    assert.deepEqual(resolved.services.demo!.entrypoint, ['node', 'dist/demo/traffic-cli.js'])
    // Only the demo sits behind a profile: a plain `docker compose up` starts the rest.
    for (const [name, service] of Object.entries(resolved.services)) if (name !== 'demo') assert.equal(service.profiles, undefined, name)
  })

  it('the Prometheus config passes promtool check config', { skip: has('promtool') ? false : 'promtool is not installed (apt-get install prometheus; .ci/run does)' }, () => {
    const result = spawnSync('promtool', ['check', 'config', file('grafana/prometheus/prometheus.yml')], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stdout + result.stderr)
    const config = parse(readFileSync(file('grafana/prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: { dns_sd_configs: { names: string[]; port: number }[] }[] }
    // Every replica of the compose service `gateway`, on the port the image listens on.
    assert.deepEqual(config.scrape_configs[0]!.dns_sd_configs[0], { names: ['gateway'], type: 'A', port: 4000, refresh_interval: '15s' })
  })

  it('Grafana provisioning points at the datasource and dashboard that exist', () => {
    const ds = parse(readFileSync(file('grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: { uid: string; url: string }[] }
    assert.deepEqual(ds.datasources.map((d) => [d.uid, d.url]), [['prometheus', 'http://prometheus:9090']])
    const dashboards = parse(readFileSync(file('grafana/provisioning/dashboards/switchyard.yml'), 'utf8')) as { providers: { options: { path: string } }[] }
    const compose = parse(readFileSync(file('docker-compose.yml'), 'utf8')) as Compose
    const grafana = compose.services.grafana!
    const mount = grafana.volumes!.map((v) => v.split(':')).find(([, target]) => target === dashboards.providers[0]!.options.path)
    assert.ok(mount, 'the dashboards folder is mounted where the provider looks')
    assert.ok(existsSync(path.join(repoRoot, mount[0]!, 'switchyard.json')))
    const home = grafana.environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!
    assert.equal(home, `${dashboards.providers[0]!.options.path}/switchyard.json`)
    assert.equal(grafana.environment!.GF_AUTH_ANONYMOUS_ENABLED, 'true')
    assert.equal(grafana.environment!.GF_AUTH_ANONYMOUS_ORG_ROLE, 'Viewer')
  })

  it('the Dockerfile runs as a non-root user with a readiness HEALTHCHECK, and .dockerignore keeps secrets out', () => {
    const dockerfile = readFileSync(file('Dockerfile'), 'utf8')
    assert.equal((dockerfile.match(/^FROM /gm) ?? []).length, 2, 'multi-stage')
    assert.match(dockerfile, /^USER node$/m)
    assert.match(dockerfile, /^HEALTHCHECK [^\n]*\\\n\s+CMD [^\n]*\/health\/readiness/m)
    const ignore = readFileSync(file('.dockerignore'), 'utf8').split('\n')
    for (const entry of ['.env', 'node_modules', '.git']) assert.ok(ignore.includes(entry), entry)
    // Every dist/ script the image and the compose file run is built from a source file.
    const scripts = [dockerfile, readFileSync(file('docker-compose.yml'), 'utf8')].flatMap((text) => [...text.matchAll(/"dist\/([\w/.-]+)\.js"/g)].map((m) => m[1]!))
    assert.deepEqual([...new Set(scripts)].sort(), ['cli', 'demo/traffic-cli'])
    for (const script of scripts) assert.ok(existsSync(file(`src/${script}.ts`)), script)
    // Every path the Dockerfile copies from the context exists.
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) for (const src of m[1]!.split(' ')) assert.ok(existsSync(file(src)), src)
  })
})
