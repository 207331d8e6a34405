import type { Kysely } from 'kysely';

/**
 * Rewards (`rew_…`), their assignments to loyalty campaigns (`rewa_…`), referral tiers (`reft_…`), the
 * referees each referrer brought to a referral campaign, and each referrer's progress towards a tier.
 * Never edit once shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rewards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('stock', 'bigint')
    .addColumn('redeemed', 'bigint', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('rewards_project_created')
    .on('rewards')
    .columns(['project_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('reward_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('reward_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('points', 'bigint')
    .addColumn('auto_redeem', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  // A reward is assigned to a campaign once (409 duplicate_found otherwise).
  await db.schema
    .createIndex('reward_assignments_reward_campaign')
    .on('reward_assignments')
    .columns(['reward_id', 'campaign_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('reward_assignments_campaign')
    .on('reward_assignments')
    .columns(['campaign_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('referral_tiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('banner', 'text')
    .addColumn('segment_id', 'text')
    .addColumn('criteria_type', 'text', (c) => c.notNull())
    .addColumn('min_referees', 'integer', (c) => c.notNull())
    .addColumn('rewards', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('referral_tiers_campaign')
    .on('referral_tiers')
    .columns(['campaign_id', 'created_at', 'id'])
    .execute();

  // One row per referee a referrer brought to a campaign: the first conversion counts, repeats do not.
  await db.schema
    .createTable('referral_referees')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('voucher_id', 'text', (c) => c.notNull())
    .addColumn('referrer_id', 'text', (c) => c.notNull())
    .addColumn('referee_id', 'text', (c) => c.notNull())
    .addColumn('related_object_type', 'text', (c) => c.notNull())
    .addColumn('related_object_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('referral_referees_pk', ['campaign_id', 'referrer_id', 'referee_id'])
    .execute();
  await db.schema
    .createIndex('referral_referees_voucher')
    .on('referral_referees')
    .columns(['voucher_id', 'created_at'])
    .execute();

  // How many qualifying referees a referrer has brought for a tier, counted by one upsert per referee.
  await db.schema
    .createTable('referral_tier_progress')
    .addColumn('tier_id', 'text', (c) => c.notNull())
    .addColumn('referrer_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('referees', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('referral_tier_progress_pk', ['tier_id', 'referrer_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'referral_tier_progress',
    'referral_referees',
    'referral_tiers',
    'reward_assignments',
    'rewards',
  ])
    await db.schema.dropTable(t).execute();
}
