// What the prose can show of a section's TypeScript: its exported symbols, and the source text
// of one top-level declaration (a listing), read with the TypeScript compiler's parser so that
// the site shows exactly the code that runs.
import ts from 'typescript'

export interface Declaration {
  name: string
  exported: boolean
  /** 1-based first line, including the doc comment above the declaration. */
  startLine: number
  endLine: number
  /** The declaration's text with its leading doc comment. */
  text: string
}

/** Every top-level named declaration of a module, in source order. */
export function readDeclarations(fileName: string, source: string): Declaration[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const out: Declaration[] = []
  const add = (name: string, node: ts.Node, exported: boolean) => {
    const start = firstDocCommentStart(sf, node)
    const end = node.getEnd()
    out.push({
      name,
      exported,
      startLine: sf.getLineAndCharacterOfPosition(start).line + 1,
      endLine: sf.getLineAndCharacterOfPosition(end).line + 1,
      text: source.slice(start, end),
    })
  }
  const exportedNames = new Set<string>()
  for (const stmt of sf.statements) {
    if (ts.isExportDeclaration(stmt) && stmt.exportClause && ts.isNamedExports(stmt.exportClause) && !stmt.moduleSpecifier) {
      for (const el of stmt.exportClause.elements) exportedNames.add((el.propertyName ?? el.name).text)
    }
  }
  for (const stmt of sf.statements) {
    const exported = hasExportModifier(stmt)
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) add(d.name.text, stmt, exported || exportedNames.has(d.name.text))
      }
    } else if (
      (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isInterfaceDeclaration(stmt) ||
        ts.isTypeAliasDeclaration(stmt) || ts.isEnumDeclaration(stmt)) && stmt.name
    ) {
      add(stmt.name.text, stmt, exported || exportedNames.has(stmt.name.text))
    }
  }
  return out
}

/** The names a module exports, including re-exports by name (`export { a as b } from './x.ts'`). */
export function exportedNames(fileName: string, source: string): string[] {
  const names = new Set(readDeclarations(fileName, source).filter((d) => d.exported).map((d) => d.name))
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  for (const stmt of sf.statements) {
    if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      for (const el of stmt.exportClause.elements) names.add(el.name.text)
    }
  }
  return [...names]
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
}

/** Where a declaration begins once its JSDoc block (if any) is counted in. */
function firstDocCommentStart(sf: ts.SourceFile, node: ts.Node): number {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? []
  const doc = ranges.find((r) => sf.text.startsWith('/**', r.pos))
  return doc ? doc.pos : node.getStart(sf)
}
