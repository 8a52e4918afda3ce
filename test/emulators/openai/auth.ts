import type { EmulatorAnswer, RecordedRequest } from '../core'
import { envelope, errorAnswer } from './errors'
import type { OpenAIFlavour } from './wire'

/** The credential a request carries, where the flavour looks for it. */
function presentedKey(request: RecordedRequest, flavour: OpenAIFlavour): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1]
  if (flavour === 'azure') return (request.headers['api-key'] as string | undefined) ?? bearer
  return bearer
}

/**
 * Checks the credential: with `apiKey` set it must match; without, any key will do, but one must
 * be present (except for Ollama, which needs none). Answers 401 in the flavour's format.
 */
export function checkAuth(request: RecordedRequest, flavour: OpenAIFlavour, apiKey: string | undefined): EmulatorAnswer | undefined {
  const key = presentedKey(request, flavour)
  if (apiKey === undefined ? key !== undefined || flavour === 'ollama' : key === apiKey) return undefined
  return unauthorized(flavour, key === undefined)
}

function unauthorized(flavour: OpenAIFlavour, missing: boolean): EmulatorAnswer {
  switch (flavour) {
    case 'azure':
      return errorAnswer(401, {
        error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' },
      })
    case 'mistral':
      return errorAnswer(401, { message: 'Unauthorized', request_id: 'emulator' })
    case 'openrouter':
      return errorAnswer(401, { error: { message: missing ? 'No auth credentials found' : 'User not found.', code: 401 } })
    default:
      if (missing) {
        return errorAnswer(401, envelope("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error', null))
      }
      return errorAnswer(401, envelope('Incorrect API key provided: sk-emul***********1234. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'))
  }
}
