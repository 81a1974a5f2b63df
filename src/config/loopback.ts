/** Whether a listen address reaches this machine only (127.0.0.0/8, ::1, localhost). */
import { isIP } from 'node:net'

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || /^(0{0,4}:){0,7}:?0{0,3}1$/.test(h) || /^::ffff:127\./.test(h)
  return false
}
