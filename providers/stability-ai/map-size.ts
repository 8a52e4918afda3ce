import { badRequest } from '../../worker/http/errors'

/**
 * Reads OpenAI's `size` (`"WxH"`); `auto` or no size gives undefined. Anything else is a 400.
 * @see https://platform.openai.com/docs/api-reference/images/create#images-create-size
 */
export function parseOpenAISize(size: unknown): { width: number; height: number } | undefined {
  if (size === undefined || size === null || size === 'auto') return undefined
  const match = typeof size === 'string' ? /^(\d{2,5})x(\d{2,5})$/.exec(size) : null
  if (!match) throw badRequest(`size must be "WIDTHxHEIGHT" or "auto", got ${JSON.stringify(size).slice(0, 40)}.`, 'size')
  const width = Number(match[1])
  const height = Number(match[2])
  if (width === 0 || height === 0) throw badRequest('size must not have a zero side.', 'size')
  return { width, height }
}

/** The aspect ratios v2beta stable-image endpoints accept. */
export const STABILITY_ASPECT_RATIOS = ['21:9', '16:9', '3:2', '5:4', '1:1', '4:5', '2:3', '9:16', '9:21'] as const
export type StabilityAspectRatio = (typeof STABILITY_ASPECT_RATIOS)[number]

/**
 * The allowed `aspect_ratio` nearest to `width / height` (compared on a log scale, so 2:1 and 1:2
 * are equally far from 1:1): 1024x1024 → 1:1, 1792x1024 → 16:9, 1024x1792 → 9:16,
 * 1536x1024 → 3:2, 1024x1536 → 2:3.
 * @see https://platform.stability.ai/docs/api-reference#tag/Generate/paths/~1v2beta~1stable-image~1generate~1core/post
 */
export function mapSizeToAspectRatio(width: number, height: number): StabilityAspectRatio {
  const target = Math.log(width / height)
  let best: StabilityAspectRatio = '1:1'
  let bestDistance = Infinity
  for (const ratio of STABILITY_ASPECT_RATIOS) {
    const [w, h] = ratio.split(':').map(Number)
    const distance = Math.abs(Math.log(w / h) - target)
    if (distance < bestDistance) {
      best = ratio
      bestDistance = distance
    }
  }
  return best
}
