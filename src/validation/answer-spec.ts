import type { ChatRequest, ToolChoice } from '../canonical/chat.js'
import { GatewayError } from '../errors/gateway-error.js'
import { InvalidSchemaError, type CompiledSchema, type SchemaValidators } from './schema-validators.js'

/** What a valid answer to one request looks like: its functions and their schemas, and its output format. */
export interface AnswerSpec {
  /** Declared function names → their compiled parameters schema (undefined: any arguments object). */
  tools: ReadonlyMap<string, CompiledSchema | undefined>
  toolChoice: ToolChoice
  /** The content must be JSON (json_object), and match a schema (json_schema). */
  output?: { name: string; schema: CompiledSchema | undefined }
}

/**
 * The spec of a request that declared tools or a JSON response format; undefined when it
 * declared neither (then nothing is checked). A schema the gateway cannot compile is the
 * client's 400, naming the tool or format.
 */
export function answerSpec(request: ChatRequest, validators: SchemaValidators): AnswerSpec | undefined {
  const declared = request.tools ?? []
  const format = request.responseFormat
  const jsonFormat = format !== undefined && format.type !== 'text'
  if (declared.length === 0 && !jsonFormat) return undefined
  const tools = new Map<string, CompiledSchema | undefined>()
  declared.forEach((tool, index) => {
    tools.set(tool.name, tool.parameters === undefined ? undefined : compiled(validators, tool.parameters, `The parameters schema of tool '${tool.name.slice(0, 100)}' (tools[${index}])`, `tools[${index}]`))
  })
  const spec: AnswerSpec = { tools, toolChoice: request.toolChoice ?? 'auto' }
  if (format?.type === 'json_schema') spec.output = { name: format.name, schema: compiled(validators, format.schema, `The response format schema '${format.name.slice(0, 100)}'`, 'response_format') }
  else if (format?.type === 'json_object') spec.output = { name: 'json_object', schema: undefined }
  return spec
}

function compiled(validators: SchemaValidators, schema: Parameters<SchemaValidators['get']>[0], what: string, param: string): CompiledSchema {
  try {
    return validators.get(schema)
  } catch (err) {
    if (!(err instanceof InvalidSchemaError)) throw err
    throw new GatewayError('invalid_request', `${what} is not a valid JSON Schema: ${err.message}`, { param, code: 'invalid_schema' })
  }
}
