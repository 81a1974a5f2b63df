import type { Rng } from '../random.js'

/**
 * A string in a JSON Schema `format`, shaped to pass ajv-formats (and the patterns zod puts
 * beside its formats). Undefined for formats the generator does not know: those get a plain
 * string, which is what validators that do not know them accept too.
 */
export function formatted(format: string, rng: Rng, word: () => string): string | undefined {
  const two = (n: number) => String(n).padStart(2, '0')
  const date = () => `${rng.int(2020, 2029)}-${two(rng.int(1, 12))}-${two(rng.int(1, 28))}`
  const time = () => `${two(rng.int(0, 23))}:${two(rng.int(0, 59))}:${two(rng.int(0, 59))}Z`
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[rng.int(0, 15)]).join('')
  switch (format) {
    case 'date-time':
      return `${date()}T${time()}`
    case 'date':
      return date()
    case 'time':
      return time()
    case 'duration':
      return `P${rng.int(1, 30)}D`
    case 'email':
    case 'idn-email':
      return `${word()}.${word()}@example.com`
    case 'hostname':
    case 'idn-hostname':
      return `${word()}.example.com`
    case 'ipv4':
      return [rng.int(1, 223), rng.int(0, 255), rng.int(0, 255), rng.int(1, 254)].join('.')
    case 'ipv6':
      return `2001:db8::${hex(4)}`
    case 'uri':
    case 'url':
    case 'iri':
      return `https://example.com/${word()}`
    case 'uri-reference':
    case 'iri-reference':
    case 'json-pointer':
      return `/${word()}`
    case 'relative-json-pointer':
      return `0/${word()}`
    case 'uri-template':
      return `https://example.com/{${word()}}`
    case 'uuid':
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(0, 3)]}${hex(3)}-${hex(12)}`
    case 'regex':
      return `^${word()}$`
    case 'byte':
      return Buffer.from(word()).toString('base64')
    default:
      return undefined
  }
}
