/**
 * A Map that holds at most `maxEntries`: setting a key makes it the newest, and a new key past the
 * bound pushes out the oldest. Per-isolate caches use it so that a flood of distinct keys (made-up
 * config ids, configs, gateway keys) cannot take memory without end.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>()

  constructor(private readonly maxEntries: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key)
  }

  set(key: K, value: V): void {
    // Deleting first moves an existing key to the newest place.
    if (!this.entries.delete(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, value)
  }

  get size(): number {
    return this.entries.size
  }
}
