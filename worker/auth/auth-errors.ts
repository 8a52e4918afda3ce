import { GatewayError } from '../http/errors'

/** 401: the request needs a gateway key and sent none. */
export function missingGatewayKey(reason: string): GatewayError {
  return new GatewayError(401, `Missing gateway key: ${reason} Send it in x-portkey-api-key or as Authorization: Bearer usk_….`, {
    type: 'authentication_error',
    code: 'missing_gateway_key',
    param: 'x-portkey-api-key',
    retryable: false,
  })
}

/** 401: the key sent is not one this gateway issued. The message never contains the key. */
export function invalidGatewayKey(header: string, detail = 'it is not a key this gateway issued'): GatewayError {
  return new GatewayError(401, `Invalid gateway key in ${header}: ${detail}.`, {
    type: 'authentication_error',
    code: 'invalid_gateway_key',
    param: header,
    retryable: false,
  })
}

/** 403: the key (or the request's origin) may not do what the request asks; `code` names the rule. */
export function forbidden(message: string, code: string, param: string | null = null): GatewayError {
  return new GatewayError(403, message, { type: 'permission_error', code, param, retryable: false })
}
