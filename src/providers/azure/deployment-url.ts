import { encodePathSegment, encodeQueryValue } from '../shared/url.js'
import type { CallContext } from '../types.js'

/**
 * The api-version used when routes.yaml gives none: the GA version of the recorded request
 * (fixtures/azure/chat-request.http; learn.microsoft.com/azure/ai-services/openai/reference).
 */
export const DEFAULT_API_VERSION = '2024-10-21'

/**
 * `{base}/deployments/{deployment}/{operation}?api-version=…`. Azure picks the model from the
 * deployment in the path; routes.yaml names the deployment as the model. The base URL is
 * `https://{resource}.openai.azure.com/openai`; a bare resource URL gets the `/openai` added.
 */
export function deploymentUrl(ctx: CallContext, deployment: string, operation: 'chat/completions' | 'embeddings'): string {
  const option = ctx.provider.options.api_version
  const apiVersion = typeof option === 'string' && option !== '' ? option : DEFAULT_API_VERSION
  return `${azureBase(ctx.provider.baseUrl)}/deployments/${encodePathSegment(deployment)}/${operation}?api-version=${encodeQueryValue(apiVersion)}`
}

function azureBase(baseUrl: string): string {
  try {
    const path = new URL(baseUrl).pathname
    if (path === '' || path === '/') return `${baseUrl.replace(/\/$/, '')}/openai`
  } catch {
    // not a URL: leave it to the executor to report
  }
  return baseUrl
}

/** Azure's key header (Entra ID tokens go in `headers: {authorization: …}` in routes.yaml instead). */
export function apiKeyAuth(ctx: CallContext): Record<string, string> {
  return ctx.provider.apiKey === undefined || ctx.provider.apiKey === '' ? {} : { 'api-key': ctx.provider.apiKey }
}
