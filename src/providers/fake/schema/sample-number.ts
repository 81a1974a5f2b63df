import type { Rng } from '../random.js'
import { finite, SchemaSampleError, type JsonRecord } from './keywords.js'

/** Values are drawn from a window this wide inside the schema's bounds, so they stay readable. */
const WINDOW = 100

/** A number (or integer) within the schema's bounds and multipleOf, checked as ajv checks them. */
export function sampleNumber(s: JsonRecord, rng: Rng, integer: boolean, at: string): number {
  const { lo, hi } = bounds(s, integer, at)
  const step = finite(s, 'multipleOf', at)
  if (step !== undefined && step <= 0) throw new SchemaSampleError(`'multipleOf' must be greater than 0`, `${at}/multipleOf`)
  const ok = (v: number) => Number.isFinite(v) && v >= lo && v <= hi && (!integer || Number.isInteger(v)) && (step === undefined || Number.isInteger(v / step))
  const [from, to] = window(lo, hi)
  const candidates: number[] = []
  if (step !== undefined) {
    const first = Math.ceil(from / step)
    const last = Math.floor(to / step)
    if (first <= last) for (let i = 0; i < 4; i++) candidates.push(rng.int(first, Math.min(last, first + WINDOW)) * step)
    candidates.push(first * step, Math.ceil(lo / step) * step)
  } else if (integer) {
    candidates.push(rng.int(Math.ceil(from), Math.floor(to)), Math.ceil(lo))
  } else {
    candidates.push(Math.round((from + rng.unit() * (to - from)) * 100) / 100, (from + to) / 2, lo)
  }
  const value = candidates.find(ok)
  if (value === undefined) throw new SchemaSampleError(`no ${integer ? 'integer' : 'number'} satisfies these bounds${step === undefined ? '' : ` and multipleOf ${step}`}`, at)
  return value
}

/** The closed range of allowed values (exclusive bounds moved inwards). */
function bounds(s: JsonRecord, integer: boolean, at: string): { lo: number; hi: number } {
  let lo = finite(s, 'minimum', at) ?? -Infinity
  let hi = finite(s, 'maximum', at) ?? Infinity
  // draft-04: exclusiveMinimum/Maximum are booleans that make minimum/maximum exclusive
  const exLo = s.exclusiveMinimum === true ? lo : finite(s, 'exclusiveMinimum', at)
  const exHi = s.exclusiveMaximum === true ? hi : finite(s, 'exclusiveMaximum', at)
  const nudge = (x: number, up: boolean) => (integer ? (up ? Math.floor(x) + 1 : Math.ceil(x) - 1) : up ? x + Math.max(Number.EPSILON, Math.abs(x) * 1e-9) : x - Math.max(Number.EPSILON, Math.abs(x) * 1e-9))
  if (exLo !== undefined && Number.isFinite(exLo)) lo = Math.max(lo, nudge(exLo, true))
  if (exHi !== undefined && Number.isFinite(exHi)) hi = Math.min(hi, nudge(exHi, false))
  if (integer) {
    lo = Math.ceil(lo)
    hi = Math.floor(hi)
  }
  if (lo > hi) throw new SchemaSampleError(`no ${integer ? 'integer' : 'number'} lies between the minimum and the maximum`, at)
  return { lo, hi }
}

/** A window of at most WINDOW inside [lo, hi], near 0 where the bounds allow. */
function window(lo: number, hi: number): [number, number] {
  const start = Math.min(Math.max(0, lo), hi)
  if (hi - start >= WINDOW) return [start, start + WINDOW]
  return [Math.max(lo, hi - WINDOW), hi]
}
