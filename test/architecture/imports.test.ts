import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importViolations, readSourceTree, SRC_DIR } from './import-graph.js';

const tree = (files: Record<string, string>) => new Map(Object.entries(files));

describe('the import rules of src/', () => {
  it('hold for the source tree', () => {
    expect(importViolations(readSourceTree(SRC_DIR))).toEqual([]);
  });

  it("refuse a context importing another context's inner file", () => {
    const v = importViolations(
      tree({
        'campaigns/index.ts': "export { a } from './a.js';",
        'campaigns/a.ts': 'export const a = 1;',
        'vouchers/v.ts': "import { a } from '../campaigns/a.js';",
      }),
    );
    expect(v).toEqual([
      'vouchers/v.ts imports campaigns/a.ts, an inner file of campaigns/; import campaigns/index.ts',
      'campaigns/index.ts exports a, which no other context uses',
    ]);
  });

  it('accept an import through the door, and count the names it uses', () => {
    const v = importViolations(
      tree({
        'campaigns/index.ts': "export { a, type B } from './a.js';",
        'campaigns/a.ts': 'export const a = 1; export type B = 2;',
        'vouchers/v.ts': "import { a, type B } from '../campaigns/index.js';",
      }),
    );
    expect(v).toEqual([]);
  });

  it('count a door import that follows a package import', () => {
    const v = importViolations(
      tree({
        'customers/index.ts': "export { CustomerIn } from './c.js';",
        'customers/c.ts': 'export const CustomerIn = 1;',
        'vouchers/v.ts':
          "import { Type } from '@sinclair/typebox';\nimport { CustomerIn } from '../customers/index.js';",
      }),
    );
    expect(v).toEqual([]);
  });

  it('refuse platform importing a context, but for type-only table imports into database.ts', () => {
    const v = importViolations(
      tree({
        'platform/db/database.ts': [
          "import type { VouchersTable } from '../../vouchers/voucher.table.js';",
          "import { voucherRoutes } from '../../vouchers/index.js';",
        ].join('\n'),
        'platform/errors.ts': "import type { VoucherRow } from '../vouchers/voucher.table.js';",
        'vouchers/index.ts': "export { voucherRoutes } from './voucher.routes.js';",
        'app.ts': "import { voucherRoutes } from './vouchers/index.js';",
      }),
    );
    expect(v).toEqual([
      'platform/db/database.ts (platform) imports the context file vouchers/index.ts',
      'platform/errors.ts (platform) imports the context file vouchers/voucher.table.ts',
    ]);
  });

  it('refuse export * in a door, and a door export nobody else uses', () => {
    const v = importViolations(
      tree({
        'customers/index.ts': "export * from './customer.service.js';\nexport const unused = 1;",
        'app.ts': "import { x } from './customers/index.js';",
      }),
    );
    expect(v).toEqual([
      'customers/index.ts uses export *; list the exports by name',
      'customers/index.ts exports unused, which no other context uses',
    ]);
  });
});

/** Loads one module first in a fresh Node process; resolves to its stderr when it fails. */
function loadFirst(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '-e', `await import(${JSON.stringify(path)})`],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve(code === 0 ? null : err));
  });
}

describe('the doors load in any order', () => {
  const doors = readdirSync(SRC_DIR)
    .filter((d) => statSync(join(SRC_DIR, d)).isDirectory() && d !== 'platform')
    .map((d) => join(SRC_DIR, d, 'index.ts'))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });

  it('finds the doors', () => {
    expect(doors.length).toBeGreaterThanOrEqual(8);
  });

  // Each load compiles the context's import graph afresh through tsx: a ceiling for a busy machine, not a
  // speed check.
  it.concurrent.each(doors)(
    '%s loads first in a fresh process',
    async (door) => {
      expect(await loadFirst(door)).toBeNull();
    },
    120_000,
  );
});
