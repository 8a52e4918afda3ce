/** The only sizes SDXL 1.0 / 0.9 engines accept. */
export const SDXL_DIMENSIONS: ReadonlyArray<readonly [number, number]> = [
  [1024, 1024], [1152, 896], [1216, 832], [1344, 768], [1536, 640], [640, 1536], [768, 1344], [832, 1216], [896, 1152],
]
const MIN_SIDE = 320
const MAX_SIDE = 1536
const STEP = 64

/**
 * Snaps a requested size onto what a v1 engine accepts (gateway choice: snap rather than reject,
 * so OpenAI sizes work everywhere). SDXL engines (`stable-diffusion-xl-1024-*`) take the allowed
 * pair with the nearest aspect ratio (1792x1024 → 1344x768, 1536x1024 → 1216x832, 512x512 →
 * 1024x1024). Other engines (SD 1.6: 320–1536 per side, multiples of 64) keep the aspect ratio,
 * scaled into 320–1536, each side rounded to a multiple of 64 (1792x1024 → 1536x896, 256x256 → 320x320).
 * @see https://platform.stability.ai/docs/api-reference#tag/SDXL-1.0-and-SD1.6/operation/textToImage (height, width)
 */
export function snapV1Dimensions(engine: string, width: number, height: number): { width: number; height: number } {
  if (engine.includes('xl-1024')) {
    const target = Math.log(width / height)
    let best = SDXL_DIMENSIONS[0]
    for (const pair of SDXL_DIMENSIONS) {
      if (Math.abs(Math.log(pair[0] / pair[1]) - target) < Math.abs(Math.log(best[0] / best[1]) - target)) best = pair
    }
    return { width: best[0], height: best[1] }
  }
  let scale = 1
  if (Math.max(width, height) * scale > MAX_SIDE) scale = MAX_SIDE / Math.max(width, height)
  if (Math.min(width, height) * scale < MIN_SIDE) scale = MIN_SIDE / Math.min(width, height)
  const side = (value: number) => Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.round((value * scale) / STEP) * STEP))
  return { width: side(width), height: side(height) }
}
