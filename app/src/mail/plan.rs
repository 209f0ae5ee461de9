//! A round's reminder plan, worked out without a clock of its own: the
//! steps (so many days before the last day, or on the last morning), who
//! they reach, how many reminders one unit gets at most, and the quiet
//! hours when no reminder goes out. Every time is computed from the round's
//! `closes_at` (the instant after its last day) each time it is asked for,
//! so extending the round moves the plan and closing it ends it.
//!
//! Callers pass the current time in: the scheduler the wall clock, tests
//! fixed instants.

use super::Audience;
use crate::i18n::Lang;
use crate::time::{stockholm_at, stockholm_day, stockholm_seconds_of_day, weekday};
use serde::{Deserialize, Serialize};

/// One step of a plan: the reminder so many days before the last day;
/// 0 is the morning of the last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Step(pub u8);

impl Step {
    /// The steps a plan can have, earliest first.
    pub const OFFERED: [Step; 4] = [Step(14), Step(7), Step(2), Step(0)];
    /// The local time of day a step is meant for (before quiet hours move it).
    pub const SEND_AT: i64 = 8 * 3_600;

    /// The step in a dedupe key and in the database: "14d", "7d", "2d", "0d".
    pub fn key(self) -> String {
        format!("{}d", self.0)
    }

    pub fn parse(key: &str) -> Option<Step> {
        let days: u8 = key.strip_suffix('d')?.parse().ok()?;
        Step::OFFERED.into_iter().find(|s| s.0 == days)
    }

    pub fn label(self, lang: Lang) -> String {
        match self.0 {
            0 => lang
                .t(
                    "På morgonen sista svarsdagen",
                    "On the morning of the last day",
                )
                .into(),
            n => match lang {
                Lang::Sv => format!("{n} dagar före sista svarsdagen"),
                Lang::En => format!("{n} days before the last day"),
            },
        }
    }

    /// When the step is meant to go, before quiet hours: 08:00 Swedish
    /// time, so many days before the last day of a round closing at
    /// `closes_at`.
    pub fn nominal(self, closes_at: i64) -> i64 {
        let last_day = stockholm_day(closes_at - 1);
        stockholm_at(last_day - i64::from(self.0), Self::SEND_AT)
    }
}

/// When no reminder goes out: from `evening` to `morning` (local hours) and,
/// with `weekends`, all Saturday and Sunday, Swedish time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    pub evening: i64,
    pub morning: i64,
    pub weekends: bool,
}

impl Default for QuietHours {
    fn default() -> Self {
        QuietHours {
            evening: 20,
            morning: 7,
            weekends: true,
        }
    }
}

impl QuietHours {
    pub fn is_quiet(&self, t: i64) -> bool {
        let hour = stockholm_seconds_of_day(t) / 3_600;
        hour >= self.evening
            || hour < self.morning
            || (self.weekends && weekday(stockholm_day(t)) >= 5)
    }

    /// `t` itself when mail may go then, else the first instant after it
    /// when mail may go: `morning` o'clock of the next allowed day.
    pub fn next_allowed(&self, t: i64) -> i64 {
        if !self.is_quiet(t) {
            return t;
        }
        let mut day = stockholm_day(t);
        if stockholm_seconds_of_day(t) / 3_600 >= self.evening {
            day += 1;
        }
        while self.weekends && weekday(day) >= 5 {
            day += 1;
        }
        stockholm_at(day, self.morning * 3_600)
    }
}

/// A round's plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub enabled: bool,
    pub steps: Vec<Step>,
    /// `Audience::NotSubmitted` or `Audience::Nothing`.
    pub audience: Audience,
    /// At most this many plan reminders to one unit.
    pub max_per_unit: u32,
    pub quiet: QuietHours,
    /// When the plan was last switched on or changed: a step that fell due
    /// before that is not sent late.
    pub since: i64,
}

/// The audiences a plan can have.
pub const PLAN_AUDIENCES: [Audience; 2] = [Audience::NotSubmitted, Audience::Nothing];
/// The largest maximum per unit a plan accepts.
pub const MAX_PER_UNIT: u32 = 10;

impl Plan {
    /// The plan of a round that has none: every offered step to units that
    /// have not submitted, at most 3 each; switched off.
    pub fn default_off(now: i64) -> Plan {
        Plan {
            enabled: false,
            steps: Step::OFFERED.to_vec(),
            audience: Audience::NotSubmitted,
            max_per_unit: 3,
            quiet: QuietHours::default(),
            since: now,
        }
    }

    /// What is wrong with a plan as posted, as (field, message) pairs.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if self.enabled && self.steps.is_empty() {
            problems.push((
                "plan-steg",
                "Välj minst en tidpunkt, eller stäng av planen.".to_string(),
            ));
        }
        if !PLAN_AUDIENCES.contains(&self.audience) {
            problems.push((
                "plan-vilka",
                "Välj vilka enheter som ska få påminnelser.".into(),
            ));
        }
        if !(1..=MAX_PER_UNIT).contains(&self.max_per_unit) {
            problems.push((
                "plan-max",
                format!("Skriv ett antal från 1 till {MAX_PER_UNIT}."),
            ));
        }
        problems
    }
}

/// When each step of `plan` goes for a round closing at `closes_at`, in
/// time order: moved out of quiet hours to the next allowed instant; a step
/// that would then go at or after closing is left out, and of steps moved
/// onto the same instant only the earliest planned one is kept.
pub fn due_times(plan: &Plan, closes_at: i64) -> Vec<(Step, i64)> {
    let mut steps = plan.steps.clone();
    steps.sort_by(|a, b| b.cmp(a));
    steps.dedup();
    let mut times: Vec<(Step, i64)> = Vec::new();
    for step in steps {
        let at = plan.quiet.next_allowed(step.nominal(closes_at));
        if at < closes_at && !times.iter().any(|(_, t)| *t == at) {
            times.push((step, at));
        }
    }
    times.sort_by_key(|(_, t)| *t);
    times
}

/// The step to send at `now`, if any: the latest step that has fallen due
/// (not before the plan's `since`), when neither it nor a later one was
/// sent, the plan is on, the round has not closed and `now` is not quiet.
/// Steps missed meanwhile (the server was down) are not caught up on: only
/// the latest goes.
pub fn next_due(plan: &Plan, closes_at: i64, sent: &[Step], now: i64) -> Option<(Step, i64)> {
    if plan.quiet.is_quiet(now) {
        return None;
    }
    waiting(plan, closes_at, sent, now)
}

/// The step that has fallen due and waits to be sent, in or out of quiet
/// hours: [`next_due`] sends it once `now` is not quiet.
fn waiting(plan: &Plan, closes_at: i64, sent: &[Step], now: i64) -> Option<(Step, i64)> {
    if !plan.enabled || now >= closes_at {
        return None;
    }
    let times = due_times(plan, closes_at);
    let latest = times.iter().rposition(|(_, at)| *at <= now)?;
    if times[latest..].iter().any(|(step, _)| sent.contains(step)) {
        return None;
    }
    let (step, at) = times[latest];
    (at >= plan.since).then_some((step, at))
}

/// What becomes of one planned step, for the mail page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    Sent,
    /// Has fallen due: goes at the next run of the scheduler outside quiet hours.
    Due,
    Planned,
    /// Fell due before the plan was set, or was passed over.
    Skipped,
}

/// Every step of the plan with its time and what becomes of it.
pub fn schedule(
    plan: &Plan,
    closes_at: i64,
    sent: &[Step],
    now: i64,
) -> Vec<(Step, i64, StepState)> {
    let due = waiting(plan, closes_at, sent, now).map(|(s, _)| s);
    due_times(plan, closes_at)
        .into_iter()
        .map(|(step, at)| {
            let state = if sent.contains(&step) {
                StepState::Sent
            } else if due == Some(step) {
                StepState::Due
            } else if at > now {
                StepState::Planned
            } else {
                StepState::Skipped
            };
            (step, at, state)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{format_stockholm, parse_date_stockholm};

    /// The instant after a last day given as YYYY-MM-DD.
    fn closing_after(last_day: &str) -> i64 {
        let day = stockholm_day(parse_date_stockholm(last_day).unwrap());
        stockholm_at(day + 1, 0)
    }

    fn at(text: &str) -> i64 {
        let (date, time) = text.split_once(' ').unwrap();
        let day = stockholm_day(parse_date_stockholm(date).unwrap());
        let (h, m) = time.split_once(':').unwrap();
        stockholm_at(
            day,
            h.parse::<i64>().unwrap() * 3_600 + m.parse::<i64>().unwrap() * 60,
        )
    }

    fn plan(steps: &[u8]) -> Plan {
        Plan {
            enabled: true,
            steps: steps.iter().map(|d| Step(*d)).collect(),
            since: 0,
            ..Plan::default_off(0)
        }
    }

    fn shown(times: &[(Step, i64)]) -> Vec<(u8, String)> {
        times
            .iter()
            .map(|(s, t)| (s.0, format_stockholm(*t)))
            .collect()
    }

    #[test]
    fn steps_go_at_eight_on_weekdays() {
        // Last day Friday 2026-11-27: 14 days before is Friday 13th, 7 days
        // Friday 20th, 2 days Wednesday 25th.
        let closes = closing_after("2026-11-27");
        assert_eq!(
            shown(&due_times(&plan(&[14, 7, 2, 0]), closes)),
            vec![
                (14, "2026-11-13 08:00".into()),
                (7, "2026-11-20 08:00".into()),
                (2, "2026-11-25 08:00".into()),
                (0, "2026-11-27 08:00".into()),
            ]
        );
    }

    #[test]
    fn weekend_steps_move_to_monday_morning() {
        // Last day Tuesday 2026-12-08: 2 days before is Sunday the 6th,
        // 7 days before Tuesday 1st, 14 days before Tuesday 24 November.
        let closes = closing_after("2026-12-08");
        assert_eq!(
            shown(&due_times(&plan(&[14, 7, 2, 0]), closes)),
            vec![
                (14, "2026-11-24 08:00".into()),
                (7, "2026-12-01 08:00".into()),
                (2, "2026-12-07 07:00".into()),
                (0, "2026-12-08 08:00".into()),
            ]
        );
    }

    #[test]
    fn a_step_moved_past_closing_or_onto_another_is_dropped() {
        // Last day Sunday 2026-12-06: the last morning is a Sunday and would
        // move to Monday, after closing; 2 days before is Friday.
        let closes = closing_after("2026-12-06");
        assert_eq!(
            shown(&due_times(&plan(&[2, 0]), closes)),
            vec![(2, "2026-12-04 08:00".into())]
        );
        // Last day Monday 2026-12-07: 2 days before (Saturday) moves to
        // Monday 07:00; the last morning (08:00) stays as well.
        let closes = closing_after("2026-12-07");
        assert_eq!(
            shown(&due_times(&plan(&[2, 0]), closes)),
            vec![
                (2, "2026-12-07 07:00".into()),
                (0, "2026-12-07 08:00".into())
            ]
        );
        // With mornings from 09:00 the Saturday step and the last morning
        // both move to Monday 09:00: one reminder, the earlier step's.
        let mut p = plan(&[2, 0]);
        p.quiet.morning = 9;
        assert_eq!(
            shown(&due_times(&p, closes)),
            vec![(2, "2026-12-07 09:00".into())]
        );
        p.steps = vec![Step(0), Step(0)];
        assert_eq!(due_times(&p, closes).len(), 1);
    }

    #[test]
    fn times_are_swedish_across_summer_time_changes() {
        // Summer time starts Sunday 2026-03-29; last day Tuesday 31 March:
        // 2 days before is that Sunday, moved to Monday 07:00 (CEST, 05:00 UTC).
        let closes = closing_after("2026-03-31");
        let times = due_times(&plan(&[14, 7, 2, 0]), closes);
        assert_eq!(
            shown(&times),
            vec![
                (14, "2026-03-17 08:00".into()),
                (7, "2026-03-24 08:00".into()),
                (2, "2026-03-30 07:00".into()),
                (0, "2026-03-31 08:00".into()),
            ]
        );
        // 14 days before is in winter time (07:00 UTC), the last morning in
        // summer time (06:00 UTC).
        assert_eq!(times[0].1.rem_euclid(86_400), 7 * 3_600);
        assert_eq!(times[3].1.rem_euclid(86_400), 6 * 3_600);
        // Winter time again on Sunday 2026-10-25.
        let closes = closing_after("2026-10-27");
        let times = due_times(&plan(&[7, 2]), closes);
        assert_eq!(
            shown(&times),
            vec![
                (7, "2026-10-20 08:00".into()),
                (2, "2026-10-26 07:00".into())
            ]
        );
        assert_eq!(times[0].1.rem_euclid(86_400), 6 * 3_600);
        assert_eq!(times[1].1.rem_euclid(86_400), 6 * 3_600);
    }

    #[test]
    fn quiet_hours_in_swedish_time() {
        let q = QuietHours::default();
        assert!(!q.is_quiet(at("2026-11-25 07:00")));
        assert!(!q.is_quiet(at("2026-11-25 19:59")));
        assert!(q.is_quiet(at("2026-11-25 20:00")));
        assert!(q.is_quiet(at("2026-11-25 06:59")));
        assert!(q.is_quiet(at("2026-11-28 12:00")), "Saturday");
        assert!(q.is_quiet(at("2026-11-29 12:00")), "Sunday");
        // In summer too: 19:30 local is 17:30 UTC, 20:30 local 18:30 UTC.
        assert!(!q.is_quiet(at("2026-06-10 19:30")));
        assert!(q.is_quiet(at("2026-06-10 20:30")));
        // Friday evening waits for Monday morning; Monday night for Tuesday.
        assert_eq!(
            format_stockholm(q.next_allowed(at("2026-11-27 21:15"))),
            "2026-11-30 07:00"
        );
        assert_eq!(
            format_stockholm(q.next_allowed(at("2026-11-30 03:00"))),
            "2026-11-30 07:00"
        );
        assert_eq!(
            format_stockholm(q.next_allowed(at("2026-12-01 23:59"))),
            "2026-12-02 07:00"
        );
        let fine = at("2026-12-01 10:00");
        assert_eq!(q.next_allowed(fine), fine);
    }

    #[test]
    fn next_due_sends_the_latest_step_once() {
        let closes = closing_after("2026-11-27");
        let p = plan(&[14, 7, 2, 0]);
        assert_eq!(next_due(&p, closes, &[], at("2026-11-13 07:59")), None);
        assert_eq!(
            next_due(&p, closes, &[], at("2026-11-13 08:00")),
            Some((Step(14), at("2026-11-13 08:00")))
        );
        assert_eq!(
            next_due(&p, closes, &[Step(14)], at("2026-11-13 09:00")),
            None
        );
        // Missed 14 and 7 (the server was down): only 7 goes.
        assert_eq!(
            next_due(&p, closes, &[], at("2026-11-23 10:00")).map(|d| d.0),
            Some(Step(7))
        );
        // Once a later step went, an earlier one never does.
        assert_eq!(
            next_due(&p, closes, &[Step(2)], at("2026-11-26 10:00")),
            None
        );
        // Not in quiet hours, not after closing, not when off.
        assert_eq!(
            next_due(&p, closes, &[Step(14)], at("2026-11-21 10:00")),
            None
        );
        assert_eq!(
            next_due(&p, closes, &[Step(14)], at("2026-11-20 20:30")),
            None
        );
        assert_eq!(next_due(&p, closes, &[], at("2026-11-28 10:00")), None);
        let off = Plan {
            enabled: false,
            ..p.clone()
        };
        assert_eq!(next_due(&off, closes, &[], at("2026-11-13 08:00")), None);
    }

    #[test]
    fn a_step_due_before_the_plan_was_set_is_not_sent_late() {
        let closes = closing_after("2026-11-27");
        let p = Plan {
            since: at("2026-11-16 12:00"),
            ..plan(&[14, 7, 2, 0])
        };
        assert_eq!(next_due(&p, closes, &[], at("2026-11-16 12:05")), None);
        assert_eq!(
            next_due(&p, closes, &[], at("2026-11-20 08:01")).map(|d| d.0),
            Some(Step(7))
        );
        let states: Vec<StepState> = schedule(&p, closes, &[], at("2026-11-16 12:05"))
            .into_iter()
            .map(|(_, _, s)| s)
            .collect();
        assert_eq!(
            states,
            vec![
                StepState::Skipped,
                StepState::Planned,
                StepState::Planned,
                StepState::Planned
            ]
        );
        // A step that fell due waits through the evening for the morning.
        let evening = at("2026-11-20 21:00");
        assert_eq!(next_due(&p, closes, &[], evening), None);
        let states: Vec<StepState> = schedule(&p, closes, &[], evening)
            .into_iter()
            .map(|(_, _, s)| s)
            .collect();
        assert_eq!(states[1], StepState::Due);
        assert_eq!(
            next_due(&p, closes, &[], at("2026-11-23 07:00")).map(|d| d.0),
            Some(Step(7))
        );
    }

    #[test]
    fn extending_the_round_moves_the_plan() {
        let p = plan(&[7]);
        let first = closing_after("2026-11-27");
        let later = closing_after("2026-12-11");
        let now = at("2026-11-20 08:30");
        assert!(next_due(&p, first, &[], now).is_some());
        assert_eq!(next_due(&p, later, &[], now), None);
        assert_eq!(
            shown(&due_times(&p, later)),
            vec![(7, "2026-12-04 08:00".into())]
        );
    }

    #[test]
    fn steps_and_plans_are_checked() {
        for step in Step::OFFERED {
            assert_eq!(Step::parse(&step.key()), Some(step));
        }
        assert_eq!(Step::parse("5d"), None);
        assert_eq!(Step::parse("14"), None);
        assert!(plan(&[7]).problems().is_empty());
        assert_eq!(plan(&[]).problems()[0].0, "plan-steg");
        let mut p = plan(&[7]);
        p.max_per_unit = 0;
        assert_eq!(p.problems()[0].0, "plan-max");
        p.max_per_unit = 11;
        assert_eq!(p.problems()[0].0, "plan-max");
        p.max_per_unit = 2;
        p.audience = Audience::Drafts;
        assert_eq!(p.problems()[0].0, "plan-vilka");
        // A plan that is off needs no steps.
        assert!(Plan::default_off(0).problems().is_empty());
    }
}
