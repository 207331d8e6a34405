import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';

/**
 * The import rules of src/, as a pure function over file texts so that a test can feed it violations:
 * - a context (a folder under src/) imports another context only through its door, `index.ts`;
 * - `platform/` imports no context, but for type-only imports of `*.table.js` into `platform/db/database.ts`;
 * - a door lists its exports by name (no `export *`), and each is used by some file outside its context.
 * Paths are relative to src/, with forward slashes.
 */

export interface ImportRef {
  /** The imported file, relative to src/ (`vouchers/index.ts`), or null when it leaves src/. */
  target: string | null;
  typeOnly: boolean;
  /** Names imported (`*` for a namespace import); for re-exports, the names re-exported. */
  names: string[];
  reexport: boolean;
  star: boolean;
}

// The clause stops at a semicolon, so that a package import (`from '@sinclair/typebox';`) right before a
// relative one is not read as part of it.
const IMPORT_RE =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function namesOf(clause: string): { names: string[]; allTypes: boolean; star: boolean } {
  const star = /^\*/.test(clause.trim());
  if (star) return { names: ['*'], allTypes: false, star: true };
  const braces = clause.match(/\{([\s\S]*)\}/);
  const names: string[] = [];
  let allTypes = true;
  const defaultPart = clause
    .replace(/\{[\s\S]*\}/, '')
    .replace(/,/g, '')
    .trim();
  if (defaultPart) {
    names.push('default');
    allTypes = false;
  }
  for (const raw of (braces?.[1] ?? '').split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const isType = part.startsWith('type ');
    if (!isType) allTypes = false;
    const name = part
      .replace(/^type\s+/, '')
      .split(/\s+as\s+/)[0]!
      .trim();
    names.push(name);
  }
  return { names, allTypes: allTypes && names.length > 0, star: false };
}

/** The relative imports and re-exports of one file. */
export function importsOf(file: string, text: string): ImportRef[] {
  const out: ImportRef[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[4] ?? m[5] ?? m[6]!;
    const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts');
    const inSrc = !target.startsWith('..');
    if (m[4]) {
      const { names, allTypes, star } = namesOf(m[3]!);
      out.push({
        target: inSrc ? target : null,
        typeOnly: Boolean(m[2]) || allTypes,
        names,
        reexport: m[1] === 'export',
        star,
      });
    } else
      out.push({ target: inSrc ? target : null, typeOnly: false, names: [], reexport: false, star: false });
  }
  return out;
}

const contextOf = (file: string): string | null => (file.includes('/') ? file.split('/')[0]! : null);

/** Names a door exports: re-exported names and its own declarations. */
function doorExports(file: string, text: string): string[] {
  const names = importsOf(file, text)
    .filter((r) => r.reexport && !r.star)
    .flatMap((r) => r.names);
  for (const m of text.matchAll(
    /export\s+(?:declare\s+)?(?:const|let|function|class|type|interface|enum)\s+(\w+)/g,
  ))
    names.push(m[1]!);
  return names;
}

/** Every violation of the rules in `files` (path relative to src/ → text), one sentence each. */
export function importViolations(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const used = new Map<string, Set<string>>();
  for (const [file, text] of files) {
    const from = contextOf(file);
    for (const ref of importsOf(file, text)) {
      if (ref.target === null) {
        out.push(`${file} imports from outside src/`);
        continue;
      }
      const to = contextOf(ref.target);
      if (to === null || to === from) continue;
      if (from === 'platform') {
        const allowed =
          file === 'platform/db/database.ts' && ref.typeOnly && ref.target.endsWith('.table.ts');
        if (!allowed) out.push(`${file} (platform) imports the context file ${ref.target}`);
        continue;
      }
      if (to === 'platform') continue;
      if (ref.target !== `${to}/index.ts`) {
        out.push(`${file} imports ${ref.target}, an inner file of ${to}/; import ${to}/index.ts`);
        continue;
      }
      const set = used.get(to) ?? new Set<string>();
      used.set(to, set);
      for (const n of ref.names) set.add(n);
    }
  }
  for (const [file, text] of files) {
    const ctx = contextOf(file);
    if (ctx === null || ctx === 'platform' || file !== `${ctx}/index.ts`) continue;
    if (/export\s+\*/.test(text)) out.push(`${file} uses export *; list the exports by name`);
    const set = used.get(ctx) ?? new Set<string>();
    if (set.has('*')) continue;
    for (const name of doorExports(file, text))
      if (!set.has(name)) out.push(`${file} exports ${name}, which no other context uses`);
  }
  return out;
}

/** Every .ts file under src/, relative to src/. */
export function readSourceTree(srcDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts'))
        files.set(relative(srcDir, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(resolve(srcDir));
  return files;
}

export const SRC_DIR = resolve(dirname(new URL(import.meta.url).pathname), '../../src');
