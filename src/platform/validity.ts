/**
 * Whether a voucher's recurring validity windows hold at a moment: `validity_timeframe` (an ISO 8601
 * `interval` between activations and a `duration` of each, counted from `start_date`), `validity_day_of_week`
 * (0 is Sunday) and `validity_hours.daily` (HH:mm spans on given days; an expiration before the start runs
 * past midnight). Days and hours are read in the project's time zone; timeframes are counted in UTC.
 * Pure: the moment comes from the caller's clock.
 */

export interface ValidityWindows {
  start_date: number | null;
  validity_timeframe: { interval?: string; duration?: string } | null;
  validity_day_of_week: number[] | null;
  validity_hours: {
    daily?: { start_time: string; expiration_time: string; days_of_week?: number[] }[];
  } | null;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

interface Duration {
  months: number;
  ms: number;
}

export function parseDuration(s: string): Duration | null {
  const m = DURATION.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return {
    months: n(1) * 12 + n(2),
    ms: ((n(3) * 7 + n(4)) * 24 * 3600 + n(5) * 3600 + n(6) * 60 + n(7)) * 1000,
  };
}

/** `t` plus `k` times the duration: calendar months first (day clamped to the month's end), then the fixed part. */
function add(t: number, d: Duration, k: number): number {
  if (d.months === 0) return t + d.ms * k;
  const date = new Date(t);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + d.months * k);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime() + d.ms * k;
}

/** Within the timeframe: in the activation that started last, before its duration ran out. */
function inTimeframe(start: number, tf: { interval?: string; duration?: string }, now: number): boolean {
  const duration = tf.duration ? parseDuration(tf.duration) : null;
  if (!duration || now < start) return false;
  const interval = tf.interval ? parseDuration(tf.interval) : null;
  let from = start;
  if (interval && (interval.months > 0 || interval.ms > 0)) {
    const approx = interval.months * 30.436875 * 86_400_000 + interval.ms;
    let k = Math.max(0, Math.floor((now - start) / approx));
    while (k > 0 && add(start, interval, k) > now) k--;
    while (add(start, interval, k + 1) <= now) k++;
    from = add(start, interval, k);
  }
  return now < add(from, duration, 1);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The weekday (0 is Sunday) and minutes after midnight of a moment in a time zone (UTC when it is unknown). */
export function localTime(now: number, timeZone: string): { day: number; minutes: number } {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'UTC',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(now)).map((p) => [p.type, p.value]));
  return { day: WEEKDAYS.indexOf(parts.weekday!), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function inDailyHours(
  daily: NonNullable<ValidityWindows['validity_hours']>['daily'],
  at: { day: number; minutes: number },
) {
  return (daily ?? []).some((h) => {
    const from = minutesOf(h.start_time);
    const to = minutesOf(h.expiration_time);
    const onDay = (d: number) => !h.days_of_week || h.days_of_week.includes(d);
    if (from <= to) return onDay(at.day) && at.minutes >= from && at.minutes < to;
    // Past midnight: the evening of a listed day, or the early hours after one.
    return (onDay(at.day) && at.minutes >= from) || (onDay((at.day + 6) % 7) && at.minutes < to);
  });
}

/** True when every window the voucher sets holds at `now`. */
export function withinValidity(w: ValidityWindows, now: number, timeZone: string): boolean {
  if (
    w.validity_timeframe &&
    (w.start_date === null || !inTimeframe(w.start_date, w.validity_timeframe, now))
  )
    return false;
  const at = localTime(now, timeZone);
  if (w.validity_day_of_week && w.validity_day_of_week.length > 0 && !w.validity_day_of_week.includes(at.day))
    return false;
  const daily = w.validity_hours?.daily;
  if (daily && daily.length > 0 && !inDailyHours(daily, at)) return false;
  return true;
}
