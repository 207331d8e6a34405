import { ACCRUAL_EVENTS } from './accrual.events.js';
import { EARNING_RULE_EVENTS } from './earning-rule.events.js';
import { PENDING_POINTS_EVENTS } from './pending-points.events.js';

/** Every event type this context fires: the five earning-rule events, the accrual and the four pending-points ones. */
export const EARNING_EVENTS = [...EARNING_RULE_EVENTS, ...ACCRUAL_EVENTS, ...PENDING_POINTS_EVENTS] as const;
