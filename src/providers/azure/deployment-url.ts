import { encodePathSegment, encodeQueryValue } from '../shared/url.js'
import type { CallContext } from '../types.js'

/**
 * `{base}/deployments/{deployment}/{operation}?api-version=…`. Azure picks the model from the
 * deployment in the path; routes.yaml names the deployment as the model. The base URL is
 * `https://{resource}.openai.azure.com/openai`; a bare resource URL gets the `/openai` added.
 */
export function deploymentUrl(ctx: CallContext<'azure'>, deployment: string, operation: 'chat/completions' | 'embeddings'): string {
  const apiVersion = ctx.provider.options.api_version
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
