//! In a round based on an earlier one: which answering units confirmed their
//! carried answers unchanged, which changed them, and which answered afresh.

use super::{unit_ref, Target, UnitRef};
use crate::rounds::carry::Continuity;
use serde::{Deserialize, Serialize};

/// The submitted units of one municipality by how their answers relate to
/// what they were given to start with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContinuityCounts {
    pub confirmed: Vec<UnitRef>,
    pub changed: Vec<UnitRef>,
    pub fresh: Vec<UnitRef>,
}

impl ContinuityCounts {
    pub fn of(&self, c: Continuity) -> &[UnitRef] {
        match c {
            Continuity::Confirmed => &self.confirmed,
            Continuity::Changed => &self.changed,
            Continuity::Fresh => &self.fresh,
        }
    }
}

/// None when no target was prefilled (the round is not based on another,
/// or nobody in the municipality had answered it).
pub fn continuity(targets: &[&Target], code: &str) -> Option<ContinuityCounts> {
    if !targets.iter().any(|t| t.carried.is_some()) {
        return None;
    }
    let mut out = ContinuityCounts::default();
    for t in targets {
        let Some(submitted) = &t.submitted else {
            continue;
        };
        let unit = unit_ref(t, code);
        match Continuity::of(t.carried.as_ref(), submitted) {
            Continuity::Confirmed => out.confirmed.push(unit),
            Continuity::Changed => out.changed.push(unit),
            Continuity::Fresh => out.fresh.push(unit),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::model::{Answer, Answers};
    use crate::rounds::UnitState;
    use crate::vocabulary::UnitKind;

    fn target(name: &str, carried: Option<Answers>, submitted: Option<Answers>) -> Target {
        Target {
            unit_id: name.to_string(),
            unit_name: name.to_string(),
            municipality_id: "m".into(),
            kind: UnitKind::Forvaltning,
            sector: "utbildning".into(),
            registry_international_contact: false,
            state: if submitted.is_some() {
                UnitState::Submitted
            } else {
                UnitState::NotOpened
            },
            last_activity_at: None,
            submitted,
            draft: None,
            carried,
        }
    }

    fn answers(level: &str) -> Answers {
        let mut a = Answers::new();
        a.insert("aktivitetsniva".into(), Answer::Text(level.into()));
        a
    }

    #[test]
    fn submitted_units_are_told_apart_and_silent_ones_left_out() {
        let before = answers("ad_hoc");
        let targets = [
            target("A", Some(before.clone()), Some(before.clone())),
            target("B", Some(before.clone()), Some(answers("strategiskt"))),
            target("C", None, Some(answers("inte_alls"))),
            target("D", Some(before.clone()), None),
        ];
        let refs: Vec<&Target> = targets.iter().collect();
        let c = continuity(&refs, "0780").unwrap();
        let names = |units: &[UnitRef]| units.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&c.confirmed), ["A"]);
        assert_eq!(names(&c.changed), ["B"]);
        assert_eq!(names(&c.fresh), ["C"]);
        assert_eq!(c.confirmed[0].municipality_code, "0780");
    }

    #[test]
    fn a_round_without_carried_answers_has_no_continuity() {
        let targets = [target("A", None, Some(answers("ad_hoc")))];
        let refs: Vec<&Target> = targets.iter().collect();
        assert_eq!(continuity(&refs, "0780"), None);
    }
}
