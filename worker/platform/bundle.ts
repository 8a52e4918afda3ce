/**
 * The entry of dist/worker.js: the Worker (its default export and any Durable Object classes, what
 * workerd runs) plus the platform adapters that dist/deno.js and dist/vercel-edge.js import from
 * it, so that every runtime runs this one bundle (one copy of the code, one GatewayError class).
 */
export * from '../index'
export { default } from '../index'
export { createDenoServer } from './deno-server'
export { handleVercelEdge } from './vercel-edge-handler'
