/** The fake kind: the built-in deterministic model (no network, no key). */
import { FREE } from '../../cost/price-table.js'
import type { ProviderModule } from '../provider-module.js'
import { fakeAdapter } from './index.js'
import { resolveFakeOptions, type FakeOptions } from './options.js'
import type { FakeOptionsSchema } from './options-schema.js'

export const fakeProvider: ProviderModule<'fake', FakeOptionsSchema, FakeOptions> = {
  kind: 'fake',
  summary: 'fake (built in, for tests and load tests)',
  optionsSchema: async () => (await import('./options-schema.js')).fakeOptionsSchema,
  secretOptions: [],
  resolveOptions: resolveFakeOptions,
  baseUrl: { rule: 'fixed', url: 'fake://local' },
  anyUrlScheme: true,
  credentialsNote: () => 'built in',
  prices: FREE,
  adapter: fakeAdapter,
}
