import { describe, expect, it } from 'vitest'
import { allSchemas } from '../../../src/schema/registry.ts'

describe('allSchemas', () => {
  it('lists every structure once, sorted by name, with its JSON Schema', () => {
    const schemas = allSchemas()
    const names = schemas.map((s) => s.name)
    expect(names).toContain('UnsignedMessage')
    expect(names).toEqual([...new Set(names)].sort())
    for (const s of schemas) expect(s.jsonSchema).toMatchObject({ title: s.name, type: 'object' })
  })

  it('is deterministic, so generated files are stable', () => {
    expect(JSON.stringify(allSchemas())).toBe(JSON.stringify(allSchemas()))
  })
})
