/**
 * The bench's summary: every row of the performance table (issue #16) as a figure next to its
 * goal, computed from one run's results, and the per-scenario table.
 */
import type { LoadResult } from './load.js'
import type { ArmName } from './scenarios.js'

export interface ArmResult extends LoadResult {
  /** CPU time of the arm's relay process per answered request, µs (not for direct). */
  cpuUsPerRequest?: number
}

export type Row = Partial<Record<ArmName, ArmResult>>

export interface OpenStreams {
  count: number
  opened: number
  errors: number
  openMs: number
  errorReasons: Record<string, number>
  rssGrowthMB: number
  kbPerStream: number | undefined
}

export interface Measured {
  scenarios: Record<string, Row>
  startupMs: { switchyard: number; floor: number }
  openStreams: { switchyard?: OpenStreams; floor?: OpenStreams; upstreamWaits?: number }
}

export interface TableRow {
  figure: string
  switchyard: string
  floor: string
  goal: string
  met: boolean | undefined
}

const r2 = (n: number | undefined): number | undefined => (n === undefined || !Number.isFinite(n) ? undefined : Math.round(n * 100) / 100)
const fmt = (n: number | undefined, unit = ''): string => (n === undefined ? 'n/a' : `${r2(n)}${unit}`)
const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined || b === 0 ? undefined : r2(a / b))
/** A difference with its sign: +1.2 ms, -0.4 ms. */
const signed = (n: number | undefined, unit: string): string => (n === undefined ? 'n/a' : `${n >= 0 ? '+' : ''}${fmt(n, unit)}`)
const atMost = (value: number | undefined, goal: number): boolean | undefined => (value === undefined ? undefined : value <= goal)

/** Added over direct, ms: an arm's percentile minus direct's. */
function added(row: Row | undefined, arm: ArmName, pick: (r: ArmResult) => number | undefined): number | undefined {
  const a = row?.[arm]
  const d = row?.direct
  if (a === undefined || d === undefined || a.requests === 0) return undefined
  const av = pick(a)
  const dv = pick(d)
  return av === undefined || dv === undefined ? undefined : r2(av - dv)
}

function cpuRow(m: Measured, scenario: string, figure: string, goal: number): TableRow {
  const row = m.scenarios[scenario]
  const sw = row?.switchyard?.cpuUsPerRequest
  const fl = row?.floor?.cpuUsPerRequest
  const q = ratio(sw, fl)
  return { figure, switchyard: `${fmt(sw, ' µs')} (${fmt(q, '×')})`, floor: fmt(fl, ' µs'), goal: `≤ ${goal}× the floor`, met: atMost(q, goal) }
}

function latencyRows(m: Measured): TableRow[] {
  return (['chat-c1', 'stream-c1'] as const).flatMap((name) => {
    const row = m.scenarios[name]
    return (['p50', 'p99'] as const).map((p) => {
      const sw = added(row, 'switchyard', (r) => r.latencyMs[p])
      const fl = added(row, 'floor', (r) => r.latencyMs[p])
      // The floor's added latency can round to ~0 (or below, in noise): compare with at least
      // 0.1 ms; a gateway that adds nothing is at 0×.
      const q = sw === undefined ? undefined : sw <= 0 ? 0 : ratio(sw, fl === undefined ? undefined : Math.max(fl, 0.1))
      return {
        figure: `added latency at concurrency 1, ${p} (${name.replace('-c1', '')})`,
        switchyard: `${signed(sw, ' ms')} (${fmt(q, '×')})`,
        floor: signed(fl, ' ms'),
        goal: "≤ 1.3× the floor's added latency",
        met: atMost(q, 1.3),
      }
    })
  })
}

function doorRows(m: Measured): TableRow[] {
  const base = (stream: boolean) => m.scenarios[stream ? 'stream-ref' : 'chat-ref']?.switchyard?.cpuUsPerRequest
  return Object.keys(m.scenarios)
    .filter((name) => name.startsWith('messages-') || name.startsWith('responses-'))
    .map((name) => {
      const stream = name.endsWith('-stream')
      const q = ratio(m.scenarios[name]?.switchyard?.cpuUsPerRequest, base(stream))
      const passthrough = name.includes('-pass')
      return {
        figure: `${name}: CPU per request ÷ chat passthrough${stream ? ' (stream)' : ''}`,
        switchyard: `${fmt(m.scenarios[name]?.switchyard?.cpuUsPerRequest, ' µs')} (${fmt(q, '×')})`,
        floor: fmt(base(stream), ' µs (chat)'),
        goal: passthrough ? '≤ 1.2× chat passthrough' : 'reported (translation)',
        met: passthrough ? atMost(q, 1.2) : undefined,
      }
    })
}

function memoryRow(m: Measured): TableRow {
  const { switchyard: sw, floor: fl } = m.openStreams
  return {
    figure: `memory per open stream (${sw?.opened ?? 0} held through a real socket upstream)`,
    switchyard: `${fmt(sw?.kbPerStream, ' KB')}`,
    floor: fmt(fl?.kbPerStream, ' KB'),
    goal: '≤ 30 KB',
    met: atMost(sw?.kbPerStream, 30),
  }
}

function llamaRow(m: Measured): TableRow[] {
  const row = m.scenarios['llama-stream']
  if (row === undefined) return []
  const tps = (arm: ArmName) => row[arm]?.tokensPerSecond?.p50
  return [
    {
      figure: 'llama-server, one stream: added time to first token p50',
      switchyard: signed(added(row, 'switchyard', (r) => r.ttftMs?.p50), ' ms'),
      floor: signed(added(row, 'floor', (r) => r.ttftMs?.p50), ' ms'),
      goal: '≤ 1 ms',
      met: atMost(added(row, 'switchyard', (r) => r.ttftMs?.p50), 1),
    },
    {
      figure: 'llama-server, one stream: tokens/s ÷ direct',
      switchyard: `${fmt(tps('switchyard'))} (${fmt(ratio(tps('switchyard'), tps('direct')), '×')})`,
      floor: `${fmt(tps('floor'))} (${fmt(ratio(tps('floor'), tps('direct')), '×')})`,
      goal: '≥ 0.95× direct',
      met: ratio(tps('switchyard'), tps('direct')) === undefined ? undefined : ratio(tps('switchyard'), tps('direct'))! >= 0.95,
    },
  ]
}

/** Every row of the table, from one run. */
export function tableRows(m: Measured): TableRow[] {
  const paced = m.scenarios['stream-64-paced']
  const pacedSw = added(paced, 'switchyard', (r) => r.ttftMs?.p50)
  const portkey = m.scenarios.chat?.portkey
  const vsPortkey = portkey === undefined || portkey.requests === 0 ? undefined : ratio(m.scenarios.chat?.switchyard?.rps, portkey.rps)
  const held = m.openStreams.switchyard
  const startup = ratio(m.startupMs.switchyard, m.startupMs.floor)
  return [
    cpuRow(m, 'chat', 'chat CPU per request', 1.5),
    cpuRow(m, 'stream-64', 'stream CPU per stream (64 chunks, 64 streams)', 1.3),
    ...latencyRows(m),
    {
      figure: 'added time to first token p50, 64 paced streams',
      switchyard: signed(pacedSw, ' ms'),
      floor: signed(added(paced, 'floor', (r) => r.ttftMs?.p50), ' ms'),
      goal: '≤ 1 ms',
      met: atMost(pacedSw, 1),
    },
    memoryRow(m),
    { figure: 'start-up to ready', switchyard: `${fmt(m.startupMs.switchyard, ' ms')} (${fmt(startup, '×')})`, floor: fmt(m.startupMs.floor, ' ms'), goal: "≤ 1.5× the bare relay's", met: atMost(startup, 1.5) },
    {
      figure: 'concurrent streams to one provider',
      switchyard: held === undefined ? 'n/a' : `${held.opened} open at once, ${m.openStreams.upstreamWaits ?? 'n/a'} waited for a connection`,
      floor: '–',
      goal: 'no hidden queue (thousands)',
      met: held === undefined ? undefined : held.opened > 256 && m.openStreams.upstreamWaits === 0,
    },
    { figure: 'req/s against Portkey (chat)', switchyard: vsPortkey === undefined ? 'not run' : `${vsPortkey}×`, floor: '–', goal: '≥ 8×', met: vsPortkey === undefined ? undefined : vsPortkey >= 8 },
    ...doorRows(m),
    ...llamaRow(m),
  ]
}

export function markdownTable(rows: readonly TableRow[]): string {
  const mark = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : '**not met**')
  return ['| figure | Switchyard | floor | goal | |', '| --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r.figure} | ${r.switchyard} | ${r.floor} | ${r.goal} | ${mark(r.met)} |`)].join('\n')
}

/** Per scenario and arm: req/s, latency, TTFT, CPU. */
export function scenarioTable(scenarios: Record<string, Row>): string {
  const lines = ['| scenario | arm | req/s | p50 ms | p99 ms | TTFT p50 ms | CPU µs/req |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |']
  for (const [name, row] of Object.entries(scenarios)) {
    for (const arm of ['direct', 'floor', 'switchyard', 'portkey'] as const) {
      const r = row[arm]
      if (r === undefined) continue
      if (r.requests === 0) {
        lines.push(`| ${name} | ${arm} | 0 (${r.errors} errors) | | | | |`)
        continue
      }
      lines.push(`| ${name} | ${arm} | ${r.rps.toFixed(0)} | ${r.latencyMs.p50.toFixed(2)} | ${r.latencyMs.p99.toFixed(2)} | ${r.ttftMs?.p50.toFixed(2) ?? ''} | ${r.cpuUsPerRequest?.toFixed(0) ?? ''} |`)
    }
  }
  return lines.join('\n')
}
