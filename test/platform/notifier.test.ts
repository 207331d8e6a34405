import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/platform/db/connect.js';
import { coalescedNotifier } from '../../src/platform/db/notifier.js';
import { freshPgSchema } from '../helpers/db.js';
import { eventually } from '../helpers/poll.js';

const DATABASE_URL = process.env.DATABASE_URL;
const log = pino({ level: 'silent' });

describe.skipIf(!DATABASE_URL)('the coalesced NOTIFY on postgres', () => {
  let db: Db | null = null;
  let drop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await db?.close();
    await drop?.();
    db = null;
    drop = null;
  });

  it('turns a burst of signals into a few NOTIFYs, and still sends one after the last signal', async () => {
    const s = await freshPgSchema();
    drop = s.drop;
    db = await openDatabase({ databaseUrl: DATABASE_URL!, pgSchema: s.schema, pgPoolMax: 2 });
    let heard = 0;
    const unlisten = await db.listen('test_bell', () => heard++);
    // A gap longer than the burst: the first signal is sent at once, the other 199 share one NOTIFY.
    const notifier = coalescedNotifier(db, 'test_bell', log, 60_000);
    try {
      for (let i = 0; i < 200; i++) notifier.signal();
      await eventually(() => heard, { ok: (n) => n >= 1, timeoutMs: 5000, what: 'the first NOTIFY' });
      expect(heard).toBe(1);
      // The signals asked for after the first NOTIFY are not lost: closing sends the one still asked for.
      await notifier.close();
      await eventually(() => heard, { ok: (n) => n >= 2, timeoutMs: 5000, what: 'the NOTIFY asked for' });
      expect(heard).toBe(2);
    } finally {
      await notifier.close();
      await unlisten!();
    }
  });

  it('sends again after each gap while signals keep coming', async () => {
    const s = await freshPgSchema();
    drop = s.drop;
    db = await openDatabase({ databaseUrl: DATABASE_URL!, pgSchema: s.schema, pgPoolMax: 2 });
    let heard = 0;
    const unlisten = await db.listen('test_bell', () => heard++);
    const notifier = coalescedNotifier(db, 'test_bell', log, 10);
    try {
      for (let round = 1; round <= 3; round++) {
        notifier.signal();
        notifier.signal();
        await eventually(() => heard, { ok: (n) => n >= round, timeoutMs: 5000, what: `NOTIFY ${round}` });
      }
      expect(heard).toBeGreaterThanOrEqual(3);
    } finally {
      await notifier.close();
      await unlisten!();
    }
  });
});
