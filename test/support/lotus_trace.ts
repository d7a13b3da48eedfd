// Lotus's execution traces as the corpus vectors carry them (the `diagnostics` field, format
// Lotus-ExecutionTrace-V1: gzip, base64, sometimes base64 again), and what the tests read from
// them: calls by receiver and method, each call's block reads and writes with their sizes, and
// every gas charge. About half the corpus's traces are truncated; those read as undefined.
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import type { Vector } from '../../src/conformance/vector.ts'

export interface LotusGasCharge {
  readonly Name: string
  /** Total gas. */
  readonly tg?: number
  /** Storage gas, before the multiplier. */
  readonly sg?: number
  /** The charge's extra: a block's size, an invocation's t/i flags, a signature's type. */
  readonly ex?: unknown
}

export interface LotusTrace {
  readonly Msg?: { readonly From?: string; readonly To?: string; readonly Method?: number } | null
  readonly GasCharges?: readonly LotusGasCharge[] | null
  readonly Subcalls?: readonly LotusTrace[] | null
}

/** The top-level traces of a vector file, one per applied message; undefined when it has none that decode. */
export function readLotusTraces(file: string): LotusTrace[] | undefined {
  const { diagnostics } = JSON.parse(readFileSync(file, 'utf8')) as { diagnostics?: { format: string; data: string } }
  if (diagnostics?.format !== 'Lotus-ExecutionTrace-V1') return undefined
  let gz = Buffer.from(diagnostics.data, 'base64')
  if (gz[0] !== 0x1f) gz = Buffer.from(gz.toString('utf8'), 'base64')
  let text: string
  try {
    text = gunzipSync(gz).toString('utf8')
  } catch {
    return undefined
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown)
  }
  const all = (Array.isArray(json) ? json : [json]) as (LotusTrace & { ExecutionTrace?: LotusTrace })[]
  return all.map((t) => t.ExecutionTrace ?? t)
}

/** Every call, the top-level ones and their subcalls, depth first in the order they ran. */
export function getLotusCalls(traces: readonly LotusTrace[]): LotusTrace[] {
  const out: LotusTrace[] = []
  const walk = (t: LotusTrace) => {
    out.push(t)
    for (const s of t.Subcalls ?? []) walk(s)
  }
  traces.forEach(walk)
  return out
}

/** The calls to `to` (e.g. `f04`) with `method`, in order. */
export function findLotusCalls(traces: readonly LotusTrace[], to: string, method: number): LotusTrace[] {
  return getLotusCalls(traces).filter((t) => t.Msg?.To === to && t.Msg.Method === method)
}

/** A call's own block reads and writes, in order, as `get <size>` / `put <size>`. */
export function getLotusBlockAccess(call: LotusTrace): string[] {
  const access: string[] = []
  for (const g of call.GasCharges ?? []) {
    if (g.Name === 'OnIpldGetEnd') access.push(`get ${String(g.ex)}`)
    if (g.Name === 'OnIpldPut') access.push(`put ${String(g.ex)}`)
  }
  return access
}

/** The epochs Lotus runs cron at for a tipset vector (stmgr ApplyBlocks): every null round after the parent, then the tipset's own epoch. */
export function getCronEpochs(vector: Vector, variantEpoch: number): bigint[] {
  const epochs: bigint[] = []
  let parent = BigInt(variantEpoch)
  for (const ts of vector.apply_tipsets ?? []) {
    const exec = BigInt(variantEpoch + ts.epoch_offset)
    for (let e = parent + 1n; e < exec; e++) epochs.push(e)
    epochs.push(exec)
    parent = exec
  }
  return epochs
}
