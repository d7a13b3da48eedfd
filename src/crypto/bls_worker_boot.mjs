// Entry point of the BLS worker threads (see bls_pool.ts). Node runs a worker's entry file
// without the TypeScript loader of the thread that started it, so this one plain module
// registers tsx in the worker and then loads the TypeScript worker, which reuses the spec's
// code. If that fails, it raises the pool's flag with 2 so that the caller stops waiting.
import { workerData } from 'node:worker_threads'

try {
  const { register } = await import('tsx/esm/api')
  register()
  await import('./bls_worker.ts')
} catch (e) {
  Atomics.store(workerData.signal, 0, 2)
  Atomics.notify(workerData.signal, 0)
  throw e
}
