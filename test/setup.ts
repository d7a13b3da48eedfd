// Property tests run with one fixed seed, so a run is reproducible and the measured coverage in
// generated/dashboard.json does not move between runs. Set FC_SEED to explore other seeds
// (FC_SEED=random picks one and fast-check prints it on failure).
import fc from 'fast-check'

const seed = process.env.FC_SEED
if (seed !== 'random') fc.configureGlobal({ seed: seed === undefined ? 0x5eed : Number(seed) })
