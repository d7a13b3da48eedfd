import { describe, expect, it } from 'vitest'
import { allSchemas } from '../../../src/schema/registry.ts'

describe('allSchemas', () => {
  it('finds every structure of the spec modules once, sorted by name, with its JSON Schema', async () => {
    const schemas = await allSchemas()
    const names = schemas.map((s) => s.name)
    expect(names).toEqual(expect.arrayContaining(['UnsignedMessage', 'BlockHeader', 'StateRoot', 'MessageReceipt', 'InitState', 'AccountState']))
    expect(names).toEqual([...new Set(names)].sort())
    for (const s of schemas) expect(s.jsonSchema).toMatchObject({ title: s.name, type: 'object' })
  })

  it('is deterministic, so generated files are stable', async () => {
    expect(JSON.stringify(await allSchemas())).toBe(JSON.stringify(await allSchemas()))
  })
})
