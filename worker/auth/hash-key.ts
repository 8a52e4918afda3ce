/** The hex SHA-256 of a gateway key: the only form in which KV knows it (see key-record.ts). */
export async function hashGatewayKey(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)))
  let hex = ''
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0')
  return hex
}
