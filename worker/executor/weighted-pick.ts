/** Picks an index with probability proportional to its weight; all-zero weights pick uniformly. */
export function weightedPick(weights: readonly number[], random: () => number): number {
  let total = 0
  for (const weight of weights) total += weight
  if (total <= 0) return Math.floor(random() * weights.length)
  let point = random() * total
  for (let index = 0; index < weights.length; index++) {
    point -= weights[index]
    if (point < 0) return index
  }
  return weights.length - 1
}
