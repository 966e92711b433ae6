// @vitest-environment node
/**
 * The app's main thread must never load tfjs: its start-up parses the page's address and throws on a
 * malformed link (NOTES.md), and the engine worker is where tensors live. This walks the import graph
 * from the app's entry the way the bundler does (type-only imports are erased; `import { type X }`
 * is not, under verbatimModuleSyntax) and fails with the chain that reaches @tensorflow. The worker is
 * started with `new URL(…)`, not imported, so it is outside the graph, as it is outside the bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/** The module specifiers a file loads at run time. */
function runtimeImports(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TSX);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (node.importClause?.phaseModifier !== ts.SyntaxKind.TypeKeyword) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  return null;
}

/** The chains from `entry` to each bare package whose name starts with `prefix`. */
function chainsTo(entry: string, prefix: string): string[][] {
  const found: string[][] = [];
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  const chainOf = (file: string) => {
    const chain: string[] = [];
    for (let f: string | null = file; f !== null; f = parent.get(f) ?? null) chain.unshift(relative(ROOT, f));
    return chain;
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of runtimeImports(file, readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const next = resolveLocal(file, spec);
        if (next !== null && !parent.has(next)) {
          parent.set(next, file);
          queue.push(next);
        }
      } else if (spec.startsWith(prefix)) found.push([...chainOf(file), spec]);
    }
  }
  return found;
}

describe("the app's main thread", () => {
  it('reads type-only imports as erased and `import { type X }` as loaded', () => {
    const specs = runtimeImports(
      'x.ts',
      [
        "import type { A } from './erased';",
        "import { type B } from './kept-for-side-effects';",
        "import C from './value';",
        "export type { D } from './erased-too';",
        "export * from './reexported';",
        "const w = new URL('./worker.ts', import.meta.url);",
        "void import('./lazy');",
      ].join('\n'),
    );
    expect(specs).toEqual(['./kept-for-side-effects', './value', './reexported', './lazy']);
  });

  it('finds a chain to tfjs where there is one (the worker entry)', () => {
    const chains = chainsTo(resolve(ROOT, 'src/worker/engine.worker.ts'), '@tensorflow');
    expect(chains.length).toBeGreaterThan(0);
  });

  it('never imports @tensorflow from src/app/main.tsx', () => {
    const chains = chainsTo(resolve(ROOT, 'src/app/main.tsx'), '@tensorflow');
    expect(chains.map((c) => c.join(' → '))).toEqual([]);
  });
});
