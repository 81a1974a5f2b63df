/** The options schema of kinds that take no keys of their own (build time only, like every options schema). */
import Type from 'typebox'

export const noOptionsSchema = Type.Object({})

export type NoOptionsSchema = typeof noOptionsSchema
