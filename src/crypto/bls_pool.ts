// A pool of worker threads that computes the product of the Miller loops of many
// (public key, message) pairs in parallel, synchronously: the caller posts one share to each
// worker, computes its own share meanwhile, then blocks on a shared flag per worker
// (Atomics.wait) and takes the answer with receiveMessageOnPort. Synchronous, so that the node's
// verifier keeps the spec's signature (SignatureVerifier returns booleans, not promises).
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { computeShare, type ShareRequest, type ShareResult } from './bls_worker.ts'

type MillerLoop = ReturnType<typeof bls12_381.pairingBatch>
const { Fp12 } = bls12_381.fields

/** How long a share may take before the pool stops using workers and computes shares here. */
const SHARE_TIMEOUT_MS = 120_000
/** Flag values: 1 an answer waits on the port; 2 the worker failed to start. */
const ANSWERED = 1

interface Slot {
  worker: Worker
  port: MessagePort
  signal: Int32Array
}

export interface BlsPool {
  readonly size: number
  /** Shares answered by workers, and shares computed here because a worker failed or was too slow. */
  readonly stats: { workerShares: number; fallbackShares: number }
  /**
   * The product of the Miller loops of all pairs and of `own()` (run here while the workers
   * work), or undefined if a key does not decode or `own()` gives undefined.
   */
  millerLoops(publicKeys: readonly Uint8Array[], messages: readonly Uint8Array[], own: () => MillerLoop | undefined): MillerLoop | undefined
  close(): Promise<void>
}

function startSlot(): Slot {
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(new URL('./bls_worker_boot.mjs', import.meta.url), {
    workerData: { role: 'filspec-bls-share', port: port2, signal },
    transferList: [port2],
  })
  worker.unref()
  port1.unref()
  return { worker, port: port1, signal }
}

/** The worker's answer, or undefined if it failed to start or did not answer in time. */
function collect(slot: Slot): ShareResult | undefined {
  const deadline = Date.now() + SHARE_TIMEOUT_MS
  while (Atomics.load(slot.signal, 0) === 0 && Date.now() < deadline) Atomics.wait(slot.signal, 0, 0, 100)
  if (Atomics.load(slot.signal, 0) !== ANSWERED) return undefined
  Atomics.store(slot.signal, 0, 0)
  return receiveMessageOnPort(slot.port)?.message as ShareResult | undefined
}

export function createBlsPool(size: number): BlsPool {
  const slots: Slot[] = []
  const stats = { workerShares: 0, fallbackShares: 0 }
  // After one worker fails, the pool computes everything on the calling thread rather than
  // risk waiting again.
  let broken = false
  return {
    size,
    stats,
    millerLoops(publicKeys, messages, own) {
      const n = messages.length
      const workers = broken ? 0 : size
      const chunk = Math.ceil(n / (workers + 1))
      const posted: Array<{ index: number; request: ShareRequest }> = []
      for (let w = 0; w < workers && w * chunk < n; w++) {
        const request = { publicKeys: publicKeys.slice(w * chunk, (w + 1) * chunk), messages: messages.slice(w * chunk, (w + 1) * chunk) }
        slots[w] ??= startSlot()
        slots[w]!.port.postMessage(request)
        posted.push({ index: w, request })
      }
      const start = posted.length * chunk
      const results = [computeShare({ publicKeys: publicKeys.slice(start), messages: messages.slice(start) })]
      const ownLoop = own()
      // Every posted share is collected, even when the answer is already known, so that no
      // answer is left behind for the next call.
      for (const { index, request } of posted) {
        let result = collect(slots[index]!)
        if (result === undefined) broken = true
        if (result === undefined || result.kind === 'failed') {
          stats.fallbackShares++
          result = computeShare(request)
        } else {
          stats.workerShares++
        }
        results.push(result)
      }
      if (broken) void this.close()
      if (ownLoop === undefined) return undefined
      let product = ownLoop
      for (const r of results) {
        if (r.kind !== 'product') return undefined
        product = Fp12.mul(product, r.millerLoop)
      }
      return product
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()))
      slots.length = 0
    },
  }
}
