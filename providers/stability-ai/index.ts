import type { ProviderAdapter } from '../types'
import { mapStabilityError } from './map-stability-error'
import { mapStabilityImageRequest } from './map-stability-image-request'
import { mapStabilityImageResponse } from './map-stability-image-response'

/**
 * Stability AI image generation (v2beta stable-image and v1 engines) behind OpenAI `images.generate`.
 * @see https://platform.stability.ai/docs/api-reference
 */
export const stabilityAdapter: ProviderAdapter = {
  id: 'stability-ai',
  baseUrl: () => 'https://api.stability.ai',
  authenticate(request, target) {
    if (target.apiKey) request.headers.set('authorization', `Bearer ${target.apiKey}`)
  },
  endpoints: {
    images: {
      toUpstream: mapStabilityImageRequest,
      fromUpstream: mapStabilityImageResponse,
      toError: mapStabilityError,
    },
  },
}
