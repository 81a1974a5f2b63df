/** The front doors this gateway serves: the only list of them. */
import type { DoorModule, DoorTools } from './door-module.js'
import { anthropicMessagesDoors } from './anthropic-messages/door.js'
import { openAIChatDoor } from './openai-chat/door.js'
import { openAICompletionsDoor } from './openai-completions/door.js'
import { openAIEmbeddingsDoor } from './openai-embeddings/door.js'
import { openAIModelsDoor } from './openai-models/door.js'
import { openAIResponsesDoor } from './openai-responses/door.js'

export function frontDoors(tools: DoorTools, startedAt: number): DoorModule[] {
  return [openAIChatDoor(tools), openAICompletionsDoor(tools), openAIEmbeddingsDoor(tools), openAIModelsDoor(startedAt), openAIResponsesDoor(tools), ...anthropicMessagesDoors(tools)]
}

export { openAIErrors } from './openai/openai-errors.js'
export type { DoorModule, DoorTools } from './door-module.js'
