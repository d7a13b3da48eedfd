// One share of a parallel BLS pairing check (bls_pool.ts), run in a worker thread or on the
// calling thread: for its (public key, message) pairs it decodes each key and hashes each
// message with the spec's own functions, and returns the product of their Miller loops without
// the final exponentiation, which the caller applies once to the product of all shares
// (bls-signatures `verify_messages` splits its pairs over threads the same way).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { decodeBlsPublicKey, hashToBlsG2 } from '../../spec/algorithms/crypto/signatures/bls.ts'

export interface ShareRequest {
  publicKeys: Uint8Array[]
  messages: Uint8Array[]
}

/** 'product': the Miller-loop product; 'invalid': a key does not decode; 'failed': the computation threw. */
export type ShareResult = { kind: 'product'; millerLoop: ReturnType<typeof bls12_381.pairingBatch> } | { kind: 'invalid' } | { kind: 'failed' }

export function computeShare({ publicKeys, messages }: ShareRequest): ShareResult {
  const pairs = []
  for (let i = 0; i < publicKeys.length; i++) {
    const g1 = decodeBlsPublicKey(publicKeys[i]!)
    if (g1 === undefined) return { kind: 'invalid' }
    pairs.push({ g1, g2: hashToBlsG2(messages[i]!) })
  }
  return { kind: 'product', millerLoop: bls12_381.pairingBatch(pairs, false) }
}

// In a pool worker: answer each request on the pool's port, then raise the shared flag, which
// the caller waits on with Atomics.wait (it blocks, so it cannot take a message event).
if (parentPort !== null && workerData?.role === 'filspec-bls-share') {
  const { port, signal } = workerData as { port: MessagePort; signal: Int32Array }
  port.on('message', (request: ShareRequest) => {
    let result: ShareResult
    try {
      result = computeShare(request)
    } catch {
      result = { kind: 'failed' }
    }
    port.postMessage(result)
    Atomics.store(signal, 0, 1)
    Atomics.notify(signal, 0)
  })
}
