import type { Price } from '../config/types.js'

/** The prices a provider kind ships with: model id → USD per million tokens. */
export type PriceLookup = (model: string) => Price | undefined

/** [input, output, cached input] per million tokens; cached defaults to input. */
export type PriceRow = readonly [input: number, output: number, cachedInput?: number]

/** A lookup over a literal table; `normalise` maps a model id to the table's key (e.g. dropping a region prefix). */
export function priceTable(rows: Readonly<Record<string, PriceRow>>, normalise: (model: string) => string = (m) => m): PriceLookup {
  const table = new Map<string, Price>(Object.entries(rows).map(([model, [input, output, cachedInput]]) => [model, Object.freeze({ input, output, cachedInput: cachedInput ?? input })]))
  return (model) => table.get(model) ?? table.get(normalise(model))
}

/** For kinds that run locally or are simulated: every model costs nothing. */
export const FREE: PriceLookup = () => Object.freeze({ input: 0, output: 0, cachedInput: 0 })
