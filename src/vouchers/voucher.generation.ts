import type { CampaignRow } from '../campaigns/index.js';
import { type CodeConfig, codeSpace } from './voucher-template.js';
import type { Kx } from '../platform/db/connect.js';
import { newId } from '../platform/ids.js';
import { codeAt, codeMaker } from './code-generator.js';
import * as repo from './voucher.repository.js';
import { type VoucherFieldsIn, type VoucherPrototype, voucherPrototype } from './voucher.rules.js';
import type { VoucherRow } from './voucher.table.js';

/**
 * Bulk creation of vouchers inside the caller's transaction: random codes for generation, given codes for
 * imports. Both insert with ON CONFLICT DO NOTHING, so a taken code never aborts the transaction (which on
 * PostgreSQL would lose the whole batch) and never yields a duplicate.
 */

/** Rounds of fresh random draws for the codes that were taken, before walking the space in order. */
const RANDOM_ROUNDS = 12;
/** Spaces up to this size are walked code by code once random draws keep hitting taken codes. */
const WALKABLE_SPACE = 2_000_000;

function rowsFor(proto: VoucherPrototype, codes: Iterable<string>): VoucherRow[] {
  const rows: VoucherRow[] = [];
  for (const code of codes) rows.push({ ...proto, id: newId('voucher'), code });
  return rows;
}

/** Up to `want` random codes not tried before in this batch. */
function draw(make: () => string, want: number, tried: Set<string>, space: number): string[] {
  const out: string[] = [];
  // Bounded: when most of a small space was tried already, stop and let the walk finish the job.
  let budget = want * 4 + 64;
  while (out.length < want && budget-- > 0 && tried.size < space) {
    const code = make();
    if (tried.has(code)) continue;
    tried.add(code);
    out.push(code);
  }
  return out;
}

/** Walks the whole space from a random point, inserting free codes until `want` are in or the space ends. */
async function walkSpace(
  db: Kx,
  proto: VoucherPrototype,
  cfg: CodeConfig,
  space: number,
  want: number,
): Promise<number> {
  let inserted = 0;
  const start = Math.floor(Math.random() * space);
  for (let i = 0; i < space && inserted < want; i += 1000) {
    const codes: string[] = [];
    for (let j = i; j < Math.min(i + 1000, space); j++) codes.push(codeAt(cfg, (start + j) % space));
    const taken = await repo.takenCodes(db, proto.project_id, codes);
    const free = codes.filter((c) => !taken.has(c)).slice(0, want - inserted);
    inserted += (await repo.insertVouchersSkippingTaken(db, rowsFor(proto, free))).size;
  }
  return inserted;
}

/**
 * Inserts `want` vouchers with new random codes of `cfg`, built from the campaign's template and the
 * overrides. Returns how many went in; fewer than `want` means the code space has no free code left.
 */
export async function generateVouchers(
  db: Kx,
  campaign: CampaignRow,
  overrides: VoucherFieldsIn,
  cfg: CodeConfig,
  want: number,
  now: number,
): Promise<number> {
  const proto = voucherPrototype(campaign.project_id, campaign, overrides, now);
  const make = codeMaker(cfg);
  const space = codeSpace(cfg);
  const tried = new Set<string>();
  let inserted = 0;
  for (let round = 0; round < RANDOM_ROUNDS && inserted < want; round++) {
    const codes = draw(make, want - inserted, tried, space);
    if (codes.length === 0) break;
    inserted += (await repo.insertVouchersSkippingTaken(db, rowsFor(proto, codes))).size;
  }
  if (inserted < want && space <= WALKABLE_SPACE)
    inserted += await walkSpace(db, proto, cfg, space, want - inserted);
  return inserted;
}

export interface ImportFailure {
  code: string;
  reason: string;
}

/** Inserts the imported vouchers whose codes are free; the others are reported, not inserted. */
export async function importVouchers(
  db: Kx,
  campaign: CampaignRow,
  items: (VoucherFieldsIn & { code: string })[],
  now: number,
): Promise<{ inserted: number; failed: ImportFailure[] }> {
  const rows: VoucherRow[] = [];
  const failed: ImportFailure[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.code)) {
      failed.push({ code: item.code, reason: 'Duplicated code in the import' });
      continue;
    }
    seen.add(item.code);
    try {
      const { code, ...fields } = item;
      rows.push({
        ...voucherPrototype(campaign.project_id, campaign, fields, now),
        id: newId('voucher'),
        code,
      });
    } catch (e) {
      failed.push({ code: item.code, reason: (e as { details?: string }).details ?? (e as Error).message });
    }
  }
  const inserted = await repo.insertVouchersSkippingTaken(db, rows);
  for (const r of rows)
    if (!inserted.has(r.code))
      failed.push({ code: r.code, reason: `Duplicated voucher exists with code ${r.code}` });
  return { inserted: inserted.size, failed };
}
