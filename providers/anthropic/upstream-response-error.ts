import { GatewayError } from '../../worker/http/errors'

/** A 502 for a 2xx Anthropic body the gateway cannot read (retryable: the next answer may be fine). */
export function unreadableAnthropicResponse(): GatewayError {
  return new GatewayError(502, 'Anthropic returned a response the gateway could not read.', {
    type: 'server_error',
    code: 'bad_upstream_response',
    provider: 'anthropic',
  })
}
