/**
 * The warehouse models' columns: what each means and which canonical fields it comes from, so hover can say which
 * raw column of the chosen CDP feeds it (the CDP registry knows where each canonical field sits).
 */
import { CanonicalField, CdpSpec } from './registry';

export interface WarehouseColumn {
  name: string;
  meaning: string;
  /** The canonical fields it is made from; empty for keys and stamps the models make themselves. */
  from: readonly CanonicalField[];
  /** How, when it is not the field itself. */
  how?: string;
}

const col = (name: string, meaning: string, from: CanonicalField[] = [], how?: string): WarehouseColumn => ({ name, meaning, from, how });

const DEVICE = (of: string) => [
  col('device', `Device family of ${of}, from the user agent.`, ['user_agent'], 'parsed by `product_warehouse_device()`'),
  col('device_category', `mobile, tablet, desktop or unknown, of ${of}.`, ['user_agent'], 'parsed by `product_warehouse_device_category()`'),
];

export const WAREHOUSE_COLUMNS: Readonly<Record<string, readonly WarehouseColumn[]>> = {
  wh_product_events_fact: [
    col('product_event_pk', 'Surrogate key: a hash of the event id.', ['event_id'], 'hashed with `dbt.hash`'),
    col('product_session_fk', "The session the event belongs to: its key's session of the CDP's session id, else the latest one of its key that started at or before it.", ['session_key', 'cdp_session_id', 'event_ts'], "the CDP's session id where it has one, else inactivity"),
    col('product_user_fk', 'The stitched user.', ['session_key', 'user_id'], 'the last user id seen with the session key'),
    col('segment_event_id', 'The id of the event as sent; each delivered id once.', ['event_id']),
    col('event_ts', 'When the event happened, in UTC.', ['event_ts']),
    col('event_name', '`page_view`, or the name of the track as sent.', ['event_name']),
    col('event_url', 'The URL of the page.', ['page_url']),
    col('event_type', '`page`, `screen` or `track`.', ['event_type']),
    ...DEVICE('the event'),
    col('session_key', 'The device or browser (anonymous id), else `user:` and the user id.', ['session_key']),
    col('received_at', 'When the CDP received the first delivery, in UTC.', ['received_ts']),
    col('loaded_at', "When the product warehouse loaded it (a dbt run's time, not data)."),
  ],
  wh_product_sessions_fact: [
    col('product_session_pk', "Surrogate key: a hash of the session key and the session's first event id.", ['session_key', 'event_id'], 'hashed with `dbt.hash`'),
    col('product_user_fk', 'The stitched user.', ['session_key', 'user_id'], 'the last user id seen with the session key'),
    ...DEVICE("the session's first event"),
    col('starting_ts', "Time of the session's first event.", ['event_ts'], 'the earliest of the session'),
    col('ending_ts', "Time of the session's last event.", ['event_ts'], 'the latest of the session'),
    col('duration_s', 'Whole seconds between the first and the last event.', ['event_ts'], '`dbt.datediff` in seconds'),
    col('sequence', "1 for the user's first session, counting across all of the user's devices.", ['event_ts', 'user_id'], "numbered over the user's sessions by start"),
    col('session_key', 'The device or browser the session belongs to.', ['session_key']),
    col('cdp_session_id', "The CDP's own session id; null for sessions by inactivity.", ['cdp_session_id']),
    col('referrer', "The referring URL of the session's first event.", ['referrer'], 'of the first event'),
    col('utm_source', "The campaign source of the session's first event.", ['utm_source'], 'of the first event'),
    col('utm_medium', "The campaign medium of the session's first event.", ['utm_medium'], 'of the first event'),
    col('utm_campaign', "The campaign name of the session's first event.", ['utm_campaign'], 'of the first event'),
    col('max_received_at', 'The latest delivery among the session\'s events.', ['received_ts'], 'the latest of the session'),
    col('max_loaded_at', 'When the product warehouse loaded the latest of its events.'),
  ],
  wh_product_metrics_xa: [
    col('date_day', 'The UTC calendar day.', ['event_ts'], 'the day of the event time in UTC'),
    col('dau', 'Daily active users: distinct users with an event that day.', ['event_ts', 'session_key', 'user_id'], 'users as stitched'),
    col('wau', 'Weekly active users: distinct users with an event on days d-6..d.', ['event_ts', 'session_key', 'user_id'], 'users as stitched'),
    col('mau', 'Monthly active users: distinct users with an event on days d-29..d.', ['event_ts', 'session_key', 'user_id'], 'users as stitched'),
    col('stickiness', 'dau / mau.'),
    col('new_users', 'Users first seen that day.', ['event_ts'], "the day of the user's first event"),
    col('returning_users', 'Active users first seen before that day (dau - new_users).'),
    col('sessions', 'Sessions starting that day.', ['event_ts'], 'by session start'),
    col('avg_session_duration_s', 'Average duration in seconds of the sessions starting that day.', ['event_ts']),
    col('events', 'Events that day.', ['event_ts']),
    col('max_loaded_at', 'When the product warehouse loaded the latest deliveries the day was computed from.'),
  ],
  wh_product_retention_xa: [
    col('cohort_day', "The UTC day the cohort's users were first seen.", ['event_ts'], "the day of the user's first event"),
    col('day_number', 'Days after the cohort day (0 is the cohort day).'),
    col('cohort_size', 'Users first seen on the cohort day.', ['session_key', 'user_id'], 'users as stitched'),
    col('retained_users', 'Cohort users active on exactly cohort day + day_number.', ['event_ts']),
    col('retained_users_or_after', 'Cohort users active on cohort day + day_number or later.', ['event_ts']),
    col('as_of_day', 'The last event day when the cohort was computed.', ['event_ts']),
    col('max_loaded_at', 'When the product warehouse loaded the latest deliveries the cohort was computed from.'),
  ],
  wh_product_funnels_xa: [
    col('funnel_name', "The funnel's name in product-warehouse-funnels."),
    col('product_user_fk', 'The stitched user.', ['session_key', 'user_id'], 'the last user id seen with the session key'),
    col('step_number', 'The step reached, 1 to steps_total.'),
    col('step_name', 'The event name of the step.', ['event_name']),
    col('reached_ts', 'When the step was reached, in UTC (for `any`: when the last of steps 1..k was done).', ['event_ts']),
    col('attempt_start_ts', 'The start of the best attempt, in UTC; the window counts from here.', ['event_ts']),
    col('steps_total', "The funnel's number of steps."),
    col('converted', 'True when the best attempt reached every step.'),
    col('max_loaded_at', 'When the product warehouse loaded the latest rows the user was computed from.'),
  ],
  wh_product_attributions_xa: [
    col('conversion_event_fk', 'The conversion event (an event named in product-warehouse-conversion-events).', ['event_id'], 'hashed with `dbt.hash`'),
    col('product_user_fk', 'The converting user.', ['session_key', 'user_id'], 'the last user id seen with the session key'),
    col('conversion_name', "The conversion event's name.", ['event_name']),
    col('conversion_ts', 'When the conversion happened, in UTC.', ['event_ts']),
    col('touch_session_fk', 'The touch: a session of the user that started within the lookback, or the conversion\'s own.', ['session_key', 'event_ts']),
    col('touch_ts', "When the touch's session started, in UTC.", ['event_ts']),
    col('touch_number', "The touch's place among the conversion's touches, by start time."),
    col('touches_total', 'How many touches the conversion has (0 when unattributed).'),
    col('channel', "The touch's channel, from its utm fields and referrer.", ['utm_medium', 'utm_source', 'referrer'], 'by the rules in README, "Attribution"'),
    col('utm_source', "The touch session's first utm_source.", ['utm_source']),
    col('utm_medium', "The touch session's first utm_medium.", ['utm_medium']),
    col('utm_campaign', "The touch session's first utm_campaign.", ['utm_campaign']),
    col('referrer', "The touch session's first referrer.", ['referrer']),
    col('first_touch', '1 for the first touch, else 0.'),
    col('last_touch', '1 for the last touch, else 0.'),
    col('linear', '1 / touches_total.'),
    col('position_based', '40% first, 40% last, 20% shared by the middle touches.'),
    col('time_decay', '2^(-age / half-life), normalised per conversion.'),
    col('max_loaded_at', 'When the product warehouse loaded the latest rows the user was computed from.'),
  ],
  wh_product_users_dim: [
    col('product_user_pk', 'Surrogate key: a hash of the blended user id.', ['user_id', 'session_key'], 'hashed with `dbt.hash`'),
    col('segment_blended_user_id', 'The user id, or the anonymous id of a visitor who never identified.', ['user_id', 'session_key'], 'the last user id seen with the key, else the key'),
    col('latest_device', "Device family of the user's latest session.", ['user_agent']),
    col('latest_device_category', "Device category of the user's latest session.", ['user_agent']),
    col('first_seen_ts', "Time of the user's first event.", ['event_ts'], 'the earliest of the user'),
    col('last_seen_ts', "Time of the user's last event.", ['event_ts'], 'the latest of the user'),
    col('total_sessions', "Number of the user's sessions.", ['session_key', 'event_ts'], 'counted'),
    col('usage_time_s', "Sum of the user's session durations, in seconds.", ['event_ts'], 'summed'),
    col('total_events', "Number of the user's events.", ['event_id'], 'counted'),
    col('max_received_at', "The latest delivery among the user's events.", ['received_ts'], 'the latest of the user'),
    col('max_loaded_at', 'When the product warehouse loaded the latest of its rows.'),
  ],
};

export function warehouseColumn(model: string, column: string): WarehouseColumn | undefined {
  return WAREHOUSE_COLUMNS[model]?.find((c) => c.name === column);
}

/** Hover text: what the column means and, for the chosen CDP, the raw columns it comes from. */
export function columnMarkdown(model: string, column: WarehouseColumn, cdp: CdpSpec): string {
  const lines = [`**${column.name}** · column of \`${model}\``, '', column.meaning];
  if (column.from.length === 0) {
    lines.push('', 'Made by the product warehouse, not read from the CDP.');
    return lines.join('\n');
  }
  lines.push('', `From ${cdp.displayName}${column.how ? ` (${column.how})` : ''}:`);
  for (const field of column.from) lines.push(`- \`${field}\`: ${cdp.fields[field]}`);
  return lines.join('\n');
}
