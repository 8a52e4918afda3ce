// Turns the results into the table, the targets met or missed, and one summary line per scenario.

const TARGETS = { throughputRatio: 0.9, addedP50Ms: 0.2, ttfbMs: 1, bundleKiB: 64, flatGrowthKiBPerStream: 51.2 }
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')
const check = (ok) => (ok ? 'met' : 'MISSED')

function rows(results, name) {
  return results.scenarios.filter((row) => row.scenario === name)
}

export function printReport(results) {
  console.log('\nscenario              c    floor rps  re-enc rps  gateway rps  ratio  floor p50/p99 ms   gateway p50/p99 ms   +p50 ms  floor TTFB  gateway TTFB')
  for (const row of results.scenarios) {
    const { floor, gateway } = row
    console.log(
      `${row.scenario.padEnd(20)} ${String(row.concurrency).padStart(3)} ${fixed(floor.rps, 0).padStart(11)} ${fixed(row.reencode?.rps, 0).padStart(11)} ${fixed(gateway.rps, 0).padStart(12)} ${fixed(gateway.rps / floor.rps).padStart(6)}  ${`${fixed(floor.p50)}/${fixed(floor.p99)}`.padStart(16)}  ${`${fixed(gateway.p50)}/${fixed(gateway.p99)}`.padStart(18)}  ${fixed(gateway.p50 - floor.p50, 3).padStart(8)}  ${fixed(floor.ttfbP50).padStart(10)}  ${fixed(gateway.ttfbP50).padStart(12)}`,
    )
  }
}

/** The lines the run ends with: one per scenario, then bundle, start-up and memory. */
export function summaryLines(results) {
  const lines = []
  for (const name of [...new Set(results.scenarios.map((row) => row.scenario))]) {
    const parts = rows(results, name).map((row) => {
      const ratio = row.gateway.rps / row.floor.rps
      const added = row.gateway.p50 - row.floor.p50
      const ofReencode = row.reencode ? `, ${fixed((row.gateway.rps / row.reencode.rps) * 100, 0)}% of the re-encoding floor (itself ${fixed((row.reencode.rps / row.floor.rps) * 100, 0)}%)` : ''
      let text = `c=${row.concurrency} ${fixed(row.gateway.rps, 0)} rps = ${fixed(ratio * 100, 0)}% of floor (${check(ratio >= TARGETS.throughputRatio)})${ofReencode}, p50 ${fixed(row.gateway.p50)} ms (+${fixed(added, 3)}), p99 ${fixed(row.gateway.p99)} ms`
      if (row.concurrency === 1) text += ` [+p50<0.2ms ${check(added < TARGETS.addedP50Ms)}]`
      if (row.streaming && row.concurrency === 1) {
        const ttfb = row.gateway.ttfbP50 - row.floor.ttfbP50
        text += `, TTFB ${fixed(row.gateway.ttfbP50)} ms (+${fixed(ttfb, 3)}) [within 1ms ${check(ttfb <= TARGETS.ttfbMs)}], TTLB ${fixed(row.gateway.p50)} ms`
      }
      return text
    })
    lines.push(`SUMMARY ${name.padEnd(17)} ${parts.join(' | ')}`)
  }
  const bundle = results.bundle.worker
  if (bundle) {
    const kib = bundle.gzippedBytes / 1024
    const top = bundle.groups.slice(0, 4).map((group) => `${group.name} ${fixed(group.bytes / 1024, 1)}`).join(', ')
    lines.push(`SUMMARY bundle            ${fixed(kib, 1)} KiB gzipped, ${fixed(bundle.minifiedBytes / 1024, 1)} KiB minified [<64KB ${check(kib < TARGETS.bundleKiB)}]; largest (KiB minified): ${top}`)
  }
  const startup = results.startup
  if (startup?.gateway) {
    lines.push(`SUMMARY start-up          fresh workerd + isolate to first response: gateway ${fixed(startup.gateway.medianMs, 0)} ms, floor ${fixed(startup.floor.medianMs, 0)} ms (+${fixed(startup.gateway.medianMs - startup.floor.medianMs, 0)} ms for the bundle)`)
  }
  const memory = results.memory ?? {}
  for (const name of ['gateway', 'floor', 'reencode']) {
    const entry = memory[name]
    if (!entry) continue
    if (!entry.at32KiB || !entry.at1MiB) {
      lines.push(`SUMMARY memory ${name.padEnd(10)} incomplete (streams did not all reach 1 MiB while open): ${JSON.stringify(entry)}`)
      continue
    }
    // Flat: less than 5% of the extra MiB each stream delivered stays resident (retaining the
    // stream would add the whole MiB per stream).
    const growth = ((entry.at1MiB.rss - entry.at32KiB.rss) * 1024) / memory.streams
    lines.push(
      `SUMMARY memory ${name.padEnd(10)} ${memory.streams} open streams: RSS idle ${fixed(entry.idleRssMiB, 0)} MiB; at 32 KiB each ${fixed(entry.at32KiB.rss, 0)} MiB, at 1 MiB each ${fixed(entry.at1MiB.rss, 0)} MiB, after ${fixed(entry.afterRssMiB, 0)} MiB; growth ${fixed(growth, 1)} KiB/stream for 1 MiB more [flat ${check(growth < TARGETS.flatGrowthKiBPerStream)}]`,
    )
  }
  const heap = memory.heap
  if (heap?.at32KiB && heap.at1MiB) {
    const growth = ((heap.at1MiB.heapMiB - heap.at32KiB.heapMiB) * 1024) / heap.streams
    lines.push(
      `SUMMARY memory JS heap    ${heap.streams} open streams, live JS heap after a full GC: idle ${fixed(heap.idleHeapMiB, 1)} MiB, at 32 KiB each ${fixed(heap.at32KiB.heapMiB, 1)} MiB, at 1 MiB each ${fixed(heap.at1MiB.heapMiB, 1)} MiB, after ${fixed(heap.afterHeapMiB, 1)} MiB; growth ${fixed(growth, 1)} KiB/stream for 1 MiB more [flat ${check(growth < TARGETS.flatGrowthKiBPerStream)}]; V8 heap size ${fixed(heap.at32KiB.heapTotalMiB, 1)} → ${fixed(heap.at1MiB.heapTotalMiB, 1)} MiB while RSS went ${fixed(heap.at32KiB.rssMiB, 0)} → ${fixed(heap.at1MiB.rssMiB, 0)} MiB`,
    )
    const floor = heap.reencode
    if (floor?.at32KiB && floor.at1MiB) {
      const floorGrowth = ((floor.at1MiB.heapMiB - floor.at32KiB.heapMiB) * 1024) / floor.streams
      lines.push(`SUMMARY memory JS heap    re-encoding floor, same streams: at 32 KiB each ${fixed(floor.at32KiB.heapMiB, 1)} MiB, at 1 MiB each ${fixed(floor.at1MiB.heapMiB, 1)} MiB, after ${fixed(floor.afterHeapMiB, 1)} MiB; growth ${fixed(floorGrowth, 1)} KiB/stream`)
    }
  } else if (heap) lines.push(`SUMMARY memory JS heap    incomplete: ${JSON.stringify(heap)}`)
  return lines
}
