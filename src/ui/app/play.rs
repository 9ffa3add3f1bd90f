//! Play: the year range steps through the years that show something under the other
//! filters ([`play_steps`]), sliding a window of the width the user set or growing from
//! the first year, at the speed the user set, and stops on the last step with data.
//! A child of `app` so it can reach the app's state.

use super::App;
use crate::query::{PlayMode, play_steps};
use crate::ui::command::Command;
use crate::ui::explore::{ExploreCommand, Play};

impl App {
    /// Starts playing, or stops. Starts from the shown range's step when the range is
    /// one of them (and not the last), else from the first step.
    pub(super) fn toggle_play(&mut self, ctx: &egui::Context) {
        if self.explore.play.take().is_some() {
            return;
        }
        // Comparing shows two fixed ranges in place of the years Play would step.
        self.spec.compare = None;
        let current = self.spec.filter.years;
        let width = match self.explore.play_mode {
            PlayMode::Sliding => current.map_or(0, |(a, b)| b - a),
            PlayMode::Cumulative => 0,
        };
        let steps = play_steps(&self.kg, &self.spec.filter, width, self.explore.play_mode);
        let Some(&last) = steps.last() else {
            self.explore.message =
                Some("Nothing to play: no year shows anything under these filters.".into());
            return;
        };
        let at = current
            .filter(|&now| now != last)
            .and_then(|(a, _)| steps.iter().position(|&(s, _)| s >= a))
            .unwrap_or(0);
        self.spec.filter.years = Some(steps[at]);
        let next_at = ctx.input(|i| i.time) + f64::from(self.explore.play_secs);
        self.explore.play = Some(Play { steps, at, next_at });
        ctx.request_repaint_after(std::time::Duration::from_secs_f32(self.explore.play_secs));
    }

    /// Moves on to the next step, or stops on the last.
    pub(super) fn play_step(&mut self, ctx: &egui::Context) {
        let secs = self.explore.play_secs;
        let Some(play) = &mut self.explore.play else {
            return;
        };
        let Some(&years) = play.steps.get(play.at + 1) else {
            self.explore.play = None;
            return;
        };
        play.at += 1;
        self.spec.filter.years = Some(years);
        // The frame that steps asks for the next one: a paused layout would leave
        // nothing else to wake it.
        play.next_at = ctx.input(|i| i.time) + f64::from(secs);
        ctx.request_repaint_after(std::time::Duration::from_secs_f32(secs));
    }

    /// The Play timer. It lives here, not in the filter panel, so playing goes on while
    /// the panel is closed; no repaints are asked for while paused.
    pub(super) fn play_timer(&self, ctx: &egui::Context, cmds: &mut Vec<Command>) {
        let Some(play) = &self.explore.play else {
            return;
        };
        let now = ctx.input(|i| i.time);
        if now >= play.next_at {
            cmds.push(Command::Explore(ExploreCommand::PlayStep));
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(play.next_at - now));
        }
    }
}
