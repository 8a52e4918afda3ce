import { badRequest } from '../../worker/http/errors'

/** Where an image request goes: a v2beta stable-image endpoint, or a v1 engine. */
export type StabilityRoute =
  | { api: 'v2'; endpoint: 'core' | 'ultra' | 'sd3'; formModel?: string }
  | { api: 'v1'; engine: string }

/** The model used when the request names none (Stability's current general-purpose service). */
export const DEFAULT_STABILITY_MODEL = 'stable-image-core'

/**
 * Picks the Stability API from the OpenAI `model` (gateway choice of names):
 * `stable-image-core`/`core` → v2beta core, `stable-image-ultra`/`ultra` → v2beta ultra,
 * `sd3` → v2beta sd3 with its default model, `sd3-*`/`sd3.5-*` → v2beta sd3 with form `model`;
 * anything else (`stable-diffusion-v1-6`, `stable-diffusion-xl-1024-v1-0`, …) is a v1 engine id.
 * @see https://platform.stability.ai/docs/api-reference#tag/Generate
 * @see https://platform.stability.ai/docs/api-reference#tag/SDXL-1.0-and-SD1.6
 */
export function selectStabilityRoute(model: string | undefined): StabilityRoute {
  const name = model === undefined || model === '' ? DEFAULT_STABILITY_MODEL : model
  switch (name) {
    case 'core':
    case 'stable-image-core':
      return { api: 'v2', endpoint: 'core' }
    case 'ultra':
    case 'stable-image-ultra':
      return { api: 'v2', endpoint: 'ultra' }
    case 'sd3':
      return { api: 'v2', endpoint: 'sd3' }
    default:
      if (/^sd3(\.5)?-/.test(name)) return { api: 'v2', endpoint: 'sd3', formModel: name }
      // The engine id becomes a path segment; anything but an id is refused rather than sent.
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw badRequest(`model '${name.slice(0, 100)}' is not a Stability model or engine id.`, 'model')
      return { api: 'v1', engine: name }
  }
}
