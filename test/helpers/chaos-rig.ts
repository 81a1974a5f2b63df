/**
 * A chaos upstream and a real gateway routed to it, warmed up (pooled sockets and the gateway's
 * own timers exist) so that `baselineTimers` is what a quiet gateway holds.
 */
import { OK, startChaosUpstream, type ChaosUpstream, type FaultPlan } from './chaos-upstream.js'
import { startTestGateway, type TestGateway } from './gateway.js'
import { activeTimeouts } from './leaks.js'

export interface ChaosRig {
  chaos: ChaosUpstream
  gw: TestGateway
  baselineTimers: number
  close(): Promise<void>
}

/**
 * `yaml` gets the upstream's URL; `warmUp` runs before the timer baseline is taken (by default
 * one request to `up/healthy`); with a `clock` (in-process.ts's testClock), cooldowns and
 * windows move only when the test moves it.
 */
export async function startChaosRig(yaml: (upstreamUrl: string) => string, plan: FaultPlan = () => OK, warmUp?: (gw: TestGateway) => Promise<void>, clock?: { now(): number }): Promise<ChaosRig> {
  const chaos = await startChaosUpstream(plan)
  const gw = await startTestGateway(yaml(chaos.url), {}, undefined, clock).catch(async (err: unknown) => {
    await chaos.close()
    throw err
  })
  try {
    if (warmUp !== undefined) await warmUp(gw)
    else await gw.client.chat.completions.create({ model: 'up/healthy', messages: [{ role: 'user', content: 'warm up' }] })
  } catch (err) {
    // A failed set-up must not leave servers that keep the test process alive.
    await gw.close()
    await chaos.close()
    throw err
  }
  return {
    chaos,
    gw,
    baselineTimers: activeTimeouts(),
    async close() {
      await gw.close()
      await chaos.close()
    },
  }
}
