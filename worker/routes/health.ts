/** `GET /` and `/health`: a liveness answer that touches no binding. */
export function handleHealth(): Response {
  return Response.json({ status: 'ok', service: 'understudy' })
}
