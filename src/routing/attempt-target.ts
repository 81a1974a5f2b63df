import type { DeploymentConfig, ProviderConfig, RouteConfig, UpstreamLimits } from '../config/types.js'
import type { CallContext, ProviderAdapter } from '../providers/types.js'

/** Everything one attempt at one deployment needs. */
export interface AttemptTarget {
  route: RouteConfig
  deployment: DeploymentConfig
  provider: ProviderConfig
  adapter: ProviderAdapter
  callCtx: CallContext
  /** 1 for the first attempt of the request. */
  attempt: number
  /** Aborted when the client goes away or the attempt is abandoned. */
  signal: AbortSignal
  /** How much this upstream may send (`server.upstream_limits` of the request's config). */
  limits: UpstreamLimits
  /**
   * The upstream sent its first token, though the answer is not committed yet (a stream held
   * until its tool call is checked): the first-token deadline no longer applies.
   */
  firstToken?(): void
}
