import type { ProviderDriver } from '../driver'
import { openAIFormatDrivers } from './openai-format'
import { anthropicDriver, bedrockDriver, cohereDriver, googleDriver, vertexClaudeDriver, vertexGeminiDriver } from './translating'

/** Every chat provider the conformance suite drives through the gateway. */
export const DRIVERS: ProviderDriver[] = [
  ...openAIFormatDrivers,
  anthropicDriver,
  googleDriver,
  vertexGeminiDriver,
  vertexClaudeDriver,
  bedrockDriver,
  cohereDriver,
]
