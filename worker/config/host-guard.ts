import { GatewayError, badRequest } from '../http/errors'

/**
 * Parses a caller-supplied base URL and refuses hosts inside private networks (SSRF), unless
 * the host is on the operator's comma-separated allow-list (`ALLOWED_PRIVATE_HOSTS`).
 * WHATWG URL parsing has already turned `0x7f000001`, `2130706433` and `0177.0.0.1` into
 * `127.0.0.1`, so the checks below see one canonical form. Names that merely resolve to a
 * private address cannot be checked here (no DNS in the Worker).
 */
export function checkCallerHost(url: string, allowList: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw badRequest(`Invalid custom host '${url.slice(0, 200)}': not an absolute URL.`, null, 'invalid_custom_host')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') refuse(parsed, 'only http and https are allowed')
  if (parsed.username || parsed.password) refuse(parsed, 'credentials in the URL are not allowed')
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '')
  if (isAllowed(host, allowList)) return parsed
  const reason = privateHostReason(host)
  if (reason) refuse(parsed, reason)
  return parsed
}

/** The URL when `value` is an absolute http(s) URL, else undefined. */
export function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

function refuse(url: URL, reason: string): never {
  throw new GatewayError(400, `Custom host '${url.host}' is not allowed: ${reason}.`, {
    type: 'invalid_request_error',
    code: 'host_not_allowed',
    retryable: false,
  })
}

/** The allow-list as parsed hosts; it is the same binding on every request, so parsed once. */
let parsedAllowList: { text: string; hosts: string[] } | undefined

function allowedHosts(allowList: string): string[] {
  if (parsedAllowList?.text !== allowList) {
    const hosts = allowList.split(',').map((entry) => normaliseHost(entry.trim().toLowerCase())).filter((host) => host !== '')
    parsedAllowList = { text: allowList, hosts }
  }
  return parsedAllowList.hosts
}

function isAllowed(host: string, allowList: string): boolean {
  if (allowList === '') return false
  for (const allowed of allowedHosts(allowList)) {
    if (host === allowed) return true
    // RFC 6761: every *.localhost name is loopback, so allowing localhost allows them too.
    if (allowed === 'localhost' && host.endsWith('.localhost')) return true
  }
  return false
}

function normaliseHost(entry: string): string {
  if (entry === '') return ''
  const bracketed = entry.includes(':') && !entry.startsWith('[') ? `[${entry}]` : entry
  try {
    return new URL(`http://${bracketed}`).hostname.replace(/\.$/, '')
  } catch {
    return entry
  }
}

/** Why a (canonical, lower-case) host name is private, or undefined when it is public. */
export function privateHostReason(host: string): string | undefined {
  if (host.startsWith('[')) return ipv6Reason(parseIpv6(host.slice(1, -1)))
  const ipv4 = parseIpv4(host)
  if (ipv4 !== undefined) return ipv4Reason(ipv4)
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback name'
  if (/(^|\.)(internal|local|localdomain)$/.test(host)) return 'internal name'
  return undefined
}

function parseIpv4(host: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  if (!match) return undefined
  const parts = match.slice(1).map(Number)
  if (parts.some((part) => part > 255)) return undefined
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0
}

// [network, prefix length, reason]
const IPV4_RANGES: Array<[number, number, string]> = [
  [0x00000000, 8, 'unspecified address'], // 0.0.0.0/8
  [0x0a000000, 8, 'private address'], // 10.0.0.0/8
  [0x64400000, 10, 'shared (carrier-grade NAT) address'], // 100.64.0.0/10
  [0x7f000000, 8, 'loopback address'], // 127.0.0.0/8
  [0xa9fe0000, 16, 'link-local address'], // 169.254.0.0/16
  [0xac100000, 12, 'private address'], // 172.16.0.0/12
  [0xc0a80000, 16, 'private address'], // 192.168.0.0/16
  [0xe0000000, 4, 'multicast address'], // 224.0.0.0/4
  [0xf0000000, 4, 'reserved address'], // 240.0.0.0/4, with 255.255.255.255
]

function ipv4Reason(address: number): string | undefined {
  for (const [network, bits, reason] of IPV4_RANGES) {
    const mask = (~0 << (32 - bits)) >>> 0
    if (((address & mask) >>> 0) === network) return reason
  }
  return undefined
}

/** Eight 16-bit groups; URL has already validated and compressed the address. */
function parseIpv6(text: string): number[] {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined]
  const groups = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : [])
  const start = groups(head)
  const end = groups(tail)
  const zeros = tail === undefined ? [] : new Array(8 - start.length - end.length).fill(0)
  return [...start, ...zeros, ...end]
}

function ipv6Reason(groups: number[]): string | undefined {
  const embedded = ((groups[6] << 16) | groups[7]) >>> 0
  const firstFiveZero = groups.slice(0, 5).every((group) => group === 0)
  if (firstFiveZero && groups[5] === 0) {
    if (embedded === 0) return 'unspecified address'
    if (embedded === 1) return 'loopback address'
    // IPv4-compatible (::a.b.c.d, deprecated) addresses carry an IPv4 address.
    return ipv4Reason(embedded)
  }
  if (firstFiveZero && groups[5] === 0xffff) return ipv4Reason(embedded) // IPv4-mapped ::ffff:a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b) return ipv4Reason(embedded) // NAT64 64:ff9b::/96
  if (groups[0] === 0x2002) return ipv4Reason(((groups[1] << 16) | groups[2]) >>> 0) // 6to4
  if ((groups[0] & 0xffc0) === 0xfe80) return 'link-local address'
  if ((groups[0] & 0xffc0) === 0xfec0) return 'site-local address'
  if ((groups[0] & 0xfe00) === 0xfc00) return 'unique-local address'
  if ((groups[0] & 0xff00) === 0xff00) return 'multicast address'
  return undefined
}
