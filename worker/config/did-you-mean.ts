/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]
}

/**
 * The candidate closest to `input` (case-insensitive, `_` and `-` treated alike), or undefined
 * when none is close enough to be a plausible typo: at most a third of the input's length away.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = comparable(input)
  let best: string | undefined
  let bestDistance = Math.max(2, Math.ceil(wanted.length / 3)) + 1
  for (const candidate of candidates) {
    const distance = levenshtein(wanted, comparable(candidate))
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** ` (did you mean 'x'?)` or an empty string, for appending to a message. */
export function suggestionSuffix(input: string, candidates: Iterable<string>): string {
  const suggestion = didYouMean(input, candidates)
  return suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`
}

function comparable(value: string): string {
  return value.toLowerCase().replace(/[-_]/g, '')
}
