import type { RequestSchemas } from '../wire/validate.js'
import type { DoorRoute } from '../lifecycle/handle.js'
import type { FrontDoor } from '../lifecycle/front-door.js'

/** What a front door needs when the app is built (shared, created once per app). */
export interface DoorTools {
  /** Compiles the doors' request schemas (each on first use). */
  schemas: RequestSchemas
}

/** One path a front door serves. */
export interface DoorPath {
  method: 'GET' | 'POST' | 'DELETE'
  /** Paths as Hono writes them (`/v1/chat/completions`, `/v1/responses/:id`). */
  paths: readonly string[]
  route: DoorRoute
}

/** A front door as the app registers it: the door and the paths it serves. */
export interface DoorModule {
  door: FrontDoor
  paths: readonly DoorPath[]
}

/** OpenAI's and Anthropic's paths, with and without the /v1 prefix (some clients are configured without it). */
export function withAndWithoutV1(path: string): string[] {
  return [`/v1${path}`, path]
}
