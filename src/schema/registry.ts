// Every structure defined with defineStruct in a spec module, for `filspec generate` to write
// generated/schemas/<Name>.json. Structures are found by importing every module under spec/ and
// keeping the exports that are structs, so a new structure needs no list to be kept by hand.

import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface SchemaEntry {
  readonly name: string
  readonly jsonSchema: Record<string, unknown>
}

const specDir = new URL('../../spec/', import.meta.url).pathname

function isStruct(value: unknown): value is { name: string; fields: unknown[]; jsonSchema(): Record<string, unknown> } {
  const v = value as { name?: unknown; fields?: unknown; jsonSchema?: unknown } | null
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && Array.isArray(v.fields) && typeof v.jsonSchema === 'function'
}

/** Every structure's JSON Schema, sorted by name; two different structures of one name are an error. */
export async function allSchemas(): Promise<SchemaEntry[]> {
  const files = readdirSync(specDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort()
  const byName = new Map<string, { jsonSchema(): Record<string, unknown> }>()
  for (const file of files) {
    const module = (await import(pathToFileURL(join(specDir, file)).href)) as Record<string, unknown>
    for (const value of Object.values(module)) {
      if (!isStruct(value)) continue
      const seen = byName.get(value.name)
      if (seen !== undefined && seen !== value) throw new Error(`schema registry: two structures named ${value.name} (one in spec/${file})`)
      byName.set(value.name, value)
    }
  }
  return [...byName.keys()].sort().map((name) => ({ name, jsonSchema: byName.get(name)!.jsonSchema() }))
}
