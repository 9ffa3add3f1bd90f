//! Choosing a kind and a sub-kind that fits it.

use egui::Ui;

use super::fields::choice_ui;
use crate::model::{Kind, SubKind};

/// The sub-kinds that fit `kind`, with "none" first.
pub(super) fn sub_kinds_of(kind: Kind) -> Vec<Option<SubKind>> {
    std::iter::once(None)
        .chain(
            SubKind::ALL
                .into_iter()
                .filter(|s| s.kinds().contains(&kind))
                .map(Some),
        )
        .collect()
}

/// A kind and a sub-kind, named `name kind` and `name sub-kind`; changing the kind
/// drops a sub-kind that no longer fits.
pub(super) fn kind_ui(ui: &mut Ui, name: &str, kind: &mut Kind, sub_kind: &mut Option<SubKind>) {
    choice_ui(ui, &format!("{name} kind"), kind, &Kind::ALL, |k| {
        k.name().to_owned()
    });
    if sub_kind.is_some_and(|s| !s.kinds().contains(kind)) {
        *sub_kind = None;
    }
    let options = sub_kinds_of(*kind);
    choice_ui(ui, &format!("{name} sub-kind"), sub_kind, &options, |s| {
        s.map_or("none", SubKind::name).to_owned()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sub_kind_is_offered_for_the_kinds_it_fits() {
        for s in SubKind::ALL {
            for k in s.kinds() {
                assert!(sub_kinds_of(*k).contains(&Some(s)));
            }
        }
        assert_eq!(sub_kinds_of(Kind::Person).first(), Some(&None));
        assert!(!sub_kinds_of(Kind::Person).contains(&Some(SubKind::ThinkTank)));
    }
}
