import { createOpenAIFormatAdapter } from '../openai'

/**
 * Perplexity serves chat completions only (with `citations` and `search_results` added to the
 * answer, passed through).
 * @see https://docs.perplexity.ai/api-reference/chat-completions-post
 */
export const perplexityAIAdapter = createOpenAIFormatAdapter({
  id: 'perplexity-ai',
  baseUrl: 'https://api.perplexity.ai',
  endpoints: ['chat'],
})

/**
 * Fireworks AI's OpenAI-compatible inference API; model ids look like
 * `accounts/fireworks/models/<name>`. Model listing is an account API in another format.
 * @see https://docs.fireworks.ai/tools-sdks/openai-compatibility
 */
export const fireworksAIAdapter = createOpenAIFormatAdapter({
  id: 'fireworks-ai',
  baseUrl: 'https://api.fireworks.ai/inference/v1',
  endpoints: ['chat', 'completions', 'embeddings'],
})

/**
 * xAI (Grok): chat, legacy completions, image generation and models; xAI has no embeddings.
 * @see https://docs.x.ai/docs/api-reference
 */
export const xAIAdapter = createOpenAIFormatAdapter({
  id: 'x-ai',
  baseUrl: 'https://api.x.ai/v1',
  endpoints: ['chat', 'completions', 'images', 'models'],
})

/**
 * Ollama's OpenAI-compatible mode on a local server. It needs no key; a key, when given (a
 * proxy in front of Ollama may want one), is sent as a Bearer token.
 * @see https://github.com/ollama/ollama/blob/main/docs/openai.md
 */
export const ollamaAdapter = createOpenAIFormatAdapter({
  id: 'ollama',
  baseUrl: 'http://localhost:11434/v1',
  endpoints: ['chat', 'completions', 'embeddings', 'models'],
})
