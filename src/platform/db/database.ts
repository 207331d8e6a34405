import type {
  LoyaltyMemberTiersTable,
  LoyaltyPointBucketsTable,
  LoyaltyTiersTable,
  LoyaltyTransactionsTable,
} from '../../loyalties/loyalty.table.js';
import type { AsyncActionsTable } from '../../async-actions/async-action.table.js';
import type { PeriodicJobsTable } from '../../jobs/periodic-job.table.js';
import type { SegmentMembersTable, SegmentsTable } from '../../segments/segment.table.js';
import type {
  ValidationRuleAssignmentsTable,
  ValidationRulesTable,
} from '../../validation-rules/validation-rule.table.js';
import type { OrdersTable } from '../../orders/order.table.js';
import type { ProductsTable, SkusTable } from '../../products/product.table.js';
import type { CampaignsTable } from '../../campaigns/campaign.table.js';
import type { VouchersTable } from '../../vouchers/voucher.table.js';
import type { VoucherTransactionsTable } from '../../vouchers/voucher-transaction.table.js';
import type {
  PublicationJoinsTable,
  PublicationsTable,
  PublicationVouchersTable,
} from '../../publications/publication.table.js';
import type { EarningRulesTable, PendingPointsTable } from '../../earning-rules/earning-rule.table.js';
import type { RedemptionsTable } from '../../redemptions/redemption.table.js';
import type {
  ReferralRefereesTable,
  ReferralTierProgressTable,
  ReferralTiersTable,
} from '../../referrals/referral.table.js';
import type { RewardAssignmentsTable, RewardsTable } from '../../rewards/reward.table.js';
import type { PromotionStacksTable, PromotionTiersTable } from '../../promotions/promotion.table.js';
import type { DashboardSessionsTable } from '../../dashboard/session.table.js';
import type { CustomersTable, UnconfirmedCustomersTable } from '../../customers/customer.table.js';
import type {
  ApiKeysTable,
  ManagementKeysTable,
  MetaTable,
  ProjectsTable,
} from '../../projects/project.table.js';
import type {
  EventsTable,
  SendoutAttemptsTable,
  SendoutsTable,
  WebhooksTable,
} from '../../webhooks/webhook.table.js';

/** The whole schema, assembled from each context's table file. */
export interface Database {
  meta: MetaTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  management_keys: ManagementKeysTable;
  webhooks: WebhooksTable;
  events: EventsTable;
  sendouts: SendoutsTable;
  sendout_attempts: SendoutAttemptsTable;
  customers: CustomersTable;
  unconfirmed_customers: UnconfirmedCustomersTable;
  dashboard_sessions: DashboardSessionsTable;
  campaigns: CampaignsTable;
  vouchers: VouchersTable;
  async_actions: AsyncActionsTable;
  periodic_jobs: PeriodicJobsTable;
  validation_rules: ValidationRulesTable;
  validation_rule_assignments: ValidationRuleAssignmentsTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  publications: PublicationsTable;
  publication_vouchers: PublicationVouchersTable;
  publication_joins: PublicationJoinsTable;
  products: ProductsTable;
  skus: SkusTable;
  orders: OrdersTable;
  voucher_transactions: VoucherTransactionsTable;
  redemptions: RedemptionsTable;
  rewards: RewardsTable;
  reward_assignments: RewardAssignmentsTable;
  referral_tiers: ReferralTiersTable;
  referral_referees: ReferralRefereesTable;
  referral_tier_progress: ReferralTierProgressTable;
  loyalty_point_buckets: LoyaltyPointBucketsTable;
  loyalty_transactions: LoyaltyTransactionsTable;
  loyalty_tiers: LoyaltyTiersTable;
  loyalty_member_tiers: LoyaltyMemberTiersTable;
  earning_rules: EarningRulesTable;
  pending_points: PendingPointsTable;
  promotion_tiers: PromotionTiersTable;
  promotion_stacks: PromotionStacksTable;
}
