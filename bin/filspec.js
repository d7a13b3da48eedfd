#!/usr/bin/env node
// The filspec command: runs the TypeScript CLI through tsx, so that the code that runs is the
// source in the tree (no build step that could go stale).
import { register } from 'tsx/esm/api'
register()
await import('../src/cli/main.ts')
