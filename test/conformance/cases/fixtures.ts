import type OpenAI from 'openai'
import { TINY_PNG_BASE64 } from '../../emulators/stability'

/** A valid 1×1 PNG as a data URL. */
export const IMAGE_DATA_URL = `data:image/png;base64,${TINY_PNG_BASE64}`
export const IMAGE_HTTPS_URL = 'https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png'

export const WEATHER_TOOL: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}

export const TIME_TOOL: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_time', description: 'The local time in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
}
