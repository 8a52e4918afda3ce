import type { EmulatorAnswer, Fault } from '../../emulators/core'
import { BASE_PATHS, errorFault, startOpenAIEmulator, type OpenAIFlavour } from '../../emulators/openai'
import type { ProviderDriver } from '../driver'

const KEY = 'sk-conformance-openai-format'

/** An OpenAI-format 200 stream whose only event is an error payload (no content, no [DONE]). */
function errorOnlyStream(): Fault {
  const error = { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } }
  const answer: EmulatorAnswer = { events: [`data: ${JSON.stringify(error)}\n\n`] }
  return { answer }
}

interface FlavourOptions {
  model?: string
  skips?: ProviderDriver['skips']
  errorOverrides?: ProviderDriver['errorOverrides']
  options?: Record<string, string>
  /** The provider's key; Ollama needs none. */
  keyless?: boolean
}

/** A driver for one OpenAI-format provider served by the OpenAI emulator in one of its flavours. */
export function openAIFormatDriver(provider: string, flavour: OpenAIFlavour, flavourOptions: FlavourOptions = {}): ProviderDriver {
  return {
    name: provider,
    provider,
    model: flavourOptions.model ?? 'gpt-4o-mini',
    imageUrl: 'forwarded',
    skips: flavourOptions.skips,
    errorOverrides: flavourOptions.errorOverrides,
    async start() {
      const emulator = await startOpenAIEmulator({ flavour })
      const secretName = `${provider.toUpperCase().replace(/-/g, '_')}_KEY`
      const integration: Record<string, unknown> = { provider, custom_host: `${emulator.url}${BASE_PATHS[flavour]}` }
      if (!flavourOptions.keyless) integration.secret = secretName
      if (flavourOptions.options) integration.options = flavourOptions.options
      return {
        emulator,
        integration,
        secrets: flavourOptions.keyless ? {} : { [secretName]: KEY },
        errorFault: (kind) => errorFault(kind, flavour),
        streamErrorFault: errorOnlyStream,
        close: () => emulator.close(),
      }
    },
  }
}

/** Every OpenAI-format flavour the emulator speaks. */
export const openAIFormatDrivers: ProviderDriver[] = [
  openAIFormatDriver('openai', 'openai'),
  openAIFormatDriver('azure-openai', 'azure', {
    options: { azure_api_version: '2024-10-21' },
    skips: { 'finish-content-filter': 'Azure refuses a filtered prompt with a 400 content_filter error instead of finishing with content_filter (covered by error-content_filter)' },
  }),
  openAIFormatDriver('groq', 'groq', { model: 'llama-3.3-70b-versatile' }),
  openAIFormatDriver('mistral-ai', 'mistral', { model: 'mistral-large-latest' }),
  openAIFormatDriver('openrouter', 'openrouter', { model: 'openai/gpt-4o-mini' }),
  openAIFormatDriver('together-ai', 'together', { model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' }),
  openAIFormatDriver('deepseek', 'deepseek', { model: 'deepseek-chat' }),
  openAIFormatDriver('ollama', 'ollama', { model: 'llama3.2', keyless: true }),
]
