// Which spec sections a corpus vector exercises, for the dashboard's vectors column: every
// message vector runs the interpreter, gas, runtime, state tree and message sections; each
// category adds the actors it is about.

const VM_SECTIONS = [
  'systems/filecoin_vm/interpreter',
  'systems/filecoin_vm/gas_fee',
  'systems/filecoin_vm/runtime',
  'systems/filecoin_vm/state_tree',
  'systems/filecoin_vm/message',
]

const CATEGORY_SECTIONS: Record<string, readonly string[]> = {
  actor_creation: ['systems/filecoin_vm/actor', 'systems/filecoin_vm/sysactors'],
  actor_deletion: ['systems/filecoin_vm/actor'],
  msg_application: ['systems/filecoin_vm/sysactors'],
  multisig: ['systems/filecoin_token/multisig', 'systems/filecoin_vm/sysactors'],
  nested: ['systems/filecoin_token/multisig', 'systems/filecoin_vm/sysactors'],
  paych: ['systems/filecoin_token/payment_channels', 'systems/filecoin_vm/sysactors'],
  reward: ['systems/filecoin_token/block_reward_minting', 'systems/filecoin_vm/sysactors'],
  transfer: ['systems/filecoin_vm/sysactors', 'systems/filecoin_token'],
  vm_violations: ['systems/filecoin_vm/actor'],
}

/** The section ids a vector at `path` (relative to the corpus, `category/name.json`) exercises. */
export function getVectorSections(path: string): string[] {
  const category = path.split('/')[0] ?? ''
  return [...VM_SECTIONS, ...(CATEGORY_SECTIONS[category] ?? [])]
}
