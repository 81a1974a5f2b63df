/**
 * An id for a tool call the upstream sent without one (Gemini never sends ids, older Ollama and
 * some OpenAI-compatible servers neither). Derived from the request id and the call's index, so
 * an adapter stays a pure function of its input and one answer's ids are stable.
 */
export function toolCallId(requestId: string, index: number): string {
  return `call_${requestId.replace(/[^A-Za-z0-9]/g, '').slice(0, 64)}_${index}`
}
