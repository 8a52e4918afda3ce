// A connection to workerd's V8 inspector (the isolate of the Worker started with `inspectorPort`):
// `send(method, params)` resolves with the command's result (or its error).
import { WebSocket } from 'undici'

export async function connectInspector(port) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/core:user:`)
  await new Promise((resolve, reject) => {
    socket.onopen = resolve
    socket.onerror = reject
  })
  let nextId = 1
  const pending = new Map()
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data)
    if (message.id && pending.has(message.id)) pending.get(message.id)(message.result ?? message.error)
  }
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++
      pending.set(id, resolve)
      socket.send(JSON.stringify({ id, method, params }))
    })
  return { send, close: () => socket.close() }
}
