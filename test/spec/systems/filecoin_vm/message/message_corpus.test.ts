// Every message in the filecoin-project/test-vectors corpus (shared/conformance) must decode as an
// UnsignedMessage and encode back to the same bytes. Message-class vectors carry them in
// apply_messages; tipset-class vectors in apply_tipsets[].blocks[].messages (all unsigned there).
// No message here is malformed as bytes: the deliberately bad messages of vm_violations and
// msg_application (wrong nonce, unknown receiver or method, too little gas, …) are bad for the VM,
// and their encodings are canonical. So no vector is excepted.

import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { UnsignedMessage } from '../../../../../spec/systems/filecoin_vm/message/message.ts'

// shared/ sits beside the repository checkout, in CI as on a developer's machine.
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url))
const CORPUS = join(REPO_ROOT, '../shared/conformance/test-vectors/corpus')

// Thin loader: only the parts of a vector this test reads.
const Vector = z.object({
  _meta: z.object({ id: z.string() }),
  apply_messages: z.array(z.object({ bytes: z.string() })).optional(),
  apply_tipsets: z.array(z.object({ blocks: z.array(z.object({ messages: z.array(z.string()) })) })).optional(),
})

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? listJson(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
}

/** Each message of one vector file, labelled by where it sits. */
function messagesOf(file: string): Array<{ label: string; base64: string }> {
  const v = Vector.parse(JSON.parse(readFileSync(file, 'utf8')))
  const applied = (v.apply_messages ?? []).map((m, i) => ({ label: `apply_messages[${i}]`, base64: m.bytes }))
  const inTipsets = (v.apply_tipsets ?? []).flatMap((t, i) =>
    t.blocks.flatMap((b, j) => b.messages.map((base64, k) => ({ label: `apply_tipsets[${i}].blocks[${j}].messages[${k}]`, base64 }))),
  )
  return [...applied, ...inTipsets].map((m) => ({ ...m, label: `${v._meta.id} ${m.label}` }))
}

const files = listJson(CORPUS)

describe('conformance corpus messages', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(200)
  })

  describe.each(files.map((f) => [relative(CORPUS, f), f] as const))('%s', (_, file) => {
    const messages = messagesOf(file)
    it.each(messages.map((m) => [m.label, m.base64] as const))('%s decodes and re-encodes byte-identically', (_, base64) => {
      const bytes = new Uint8Array(Buffer.from(base64, 'base64'))
      expect(Buffer.from(UnsignedMessage.encode(UnsignedMessage.decode(bytes))).toString('base64')).toBe(base64)
    })
  })
})
