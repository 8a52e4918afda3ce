import { ANTHROPIC_EMULATOR_KEY, errorFault as anthropicFault, startAnthropicEmulator, streamErrorFault as anthropicStreamError } from '../../emulators/anthropic'
import { BEDROCK_EMULATOR_CREDENTIALS, errorFault as bedrockFault, startBedrockEmulator, streamExceptionFault } from '../../emulators/bedrock'
import { COHERE_EMULATOR_KEY, errorFault as cohereFault, startCohereEmulator, streamErrorFault as cohereStreamError } from '../../emulators/cohere'
import { GEMINI_EMULATOR_KEY, errorFault as geminiFault, startGeminiEmulator, streamErrorFault as geminiStreamError } from '../../emulators/gemini'
import { CACHE_READ_TOKENS } from '../../emulators/scenarios'
import type { Emulator, Fault } from '../../emulators/core'
import type { ProviderDriver, StartedProvider } from '../driver'

/** Cases the Gemini models (Gemini API and Vertex AI) skip, and why. */
const GEMINI_SKIPS: ProviderDriver['skips'] = {
  'tool-result-ids': 'Gemini function calls and responses carry no ids; results are matched by name',
  'error-content_filter': 'Gemini answers a blocked prompt with a 200 (promptFeedback.blockReason), not an error status; the caller gets finish_reason content_filter (finish-content-filter cases, fixture google/blocked.sse)',
}

/** A provider reached with one API key in a Worker Secret, at its emulator's root URL. */
function keyedDriver(
  fields: Omit<ProviderDriver, 'start'>,
  emulator: { start(): Promise<Emulator>; key: string; errorFault: StartedProvider['errorFault']; streamErrorFault: () => Fault },
): ProviderDriver {
  const secret = `${fields.provider.toUpperCase()}_CONFORMANCE_KEY`
  return {
    ...fields,
    async start() {
      const started = await emulator.start()
      return {
        emulator: started,
        integration: { provider: fields.provider, secret, custom_host: started.url },
        secrets: { [secret]: emulator.key },
        errorFault: emulator.errorFault,
        streamErrorFault: emulator.streamErrorFault,
        close: () => started.close(),
      }
    },
  }
}

export const anthropicDriver = keyedDriver(
  { name: 'anthropic', provider: 'anthropic', model: 'claude-sonnet-4-5', imageUrl: 'forwarded', cachedTokens: CACHE_READ_TOKENS },
  { start: () => startAnthropicEmulator(), key: ANTHROPIC_EMULATOR_KEY, errorFault: anthropicFault, streamErrorFault: anthropicStreamError },
)

export const googleDriver = keyedDriver(
  {
    name: 'google', provider: 'google', model: 'gemini-2.5-flash', imageUrl: 'forwarded', cachedTokens: CACHE_READ_TOKENS,
    skips: GEMINI_SKIPS,
  },
  { start: () => startGeminiEmulator(), key: GEMINI_EMULATOR_KEY, errorFault: (kind) => geminiFault(kind), streamErrorFault: geminiStreamError },
)

/** Vertex AI: one emulator serves Gemini and (through its Anthropic backend) Claude. */
function vertexDriver(name: string, model: string, claude: boolean): ProviderDriver {
  return {
    name,
    cachedTokens: CACHE_READ_TOKENS,
    provider: 'vertex-ai',
    model,
    imageUrl: 'forwarded',
    skips: claude ? undefined : GEMINI_SKIPS,
    async start() {
      const emulator = await startGeminiEmulator({ vertex: true })
      const secretName = claude ? 'VERTEX_CLAUDE_SERVICE_ACCOUNT' : 'VERTEX_GEMINI_SERVICE_ACCOUNT'
      return {
        emulator,
        integration: {
          provider: 'vertex-ai',
          secret: secretName,
          custom_host: emulator.url,
          options: { vertex_project_id: 'conformance-project', vertex_region: 'us-east5' },
        },
        secrets: { [secretName]: emulator.serviceAccount! },
        // Claude's own errors come back in Anthropic's shape; Vertex's front end answers auth in Google's.
        errorFault: (kind) => (claude && kind !== 'auth' ? anthropicFault(kind) : geminiFault(kind, { vertex: true })),
        streamErrorFault: claude ? anthropicStreamError : geminiStreamError,
        close: () => emulator.close(),
      }
    },
  }
}

export const vertexGeminiDriver = vertexDriver('vertex-ai (gemini)', 'gemini-2.5-flash', false)
export const vertexClaudeDriver = vertexDriver('vertex-ai (claude)', 'claude-sonnet-4-5@20250929', true)

export const bedrockDriver: ProviderDriver = {
  name: 'bedrock',
  cachedTokens: CACHE_READ_TOKENS,
  provider: 'bedrock',
  // The colon must survive SigV4's double encoding of the path.
  model: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  imageUrl: 'refused',
  async start() {
    const emulator = await startBedrockEmulator()
    return {
      emulator,
      integration: {
        provider: 'bedrock',
        custom_host: emulator.url,
        options: { aws_access_key_id: BEDROCK_EMULATOR_CREDENTIALS.accessKeyId, aws_region: 'us-east-1' },
        secrets: { aws_secret_access_key: 'BEDROCK_SECRET_ACCESS_KEY' },
      },
      secrets: { BEDROCK_SECRET_ACCESS_KEY: BEDROCK_EMULATOR_CREDENTIALS.secretAccessKey },
      errorFault: bedrockFault,
      streamErrorFault: () => streamExceptionFault(),
      close: () => emulator.close(),
    }
  },
}

export const cohereDriver = keyedDriver(
  {
    name: 'cohere', provider: 'cohere', model: 'command-a-03-2025', imageUrl: 'forwarded',
    skips: { 'finish-content-filter': 'Cohere has no content-filter finish: its safety modes answer with a refusal and COMPLETE' },
  },
  { start: () => startCohereEmulator(), key: COHERE_EMULATOR_KEY, errorFault: cohereFault, streamErrorFault: () => cohereStreamError() },
)
