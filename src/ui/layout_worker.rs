//! [`LayoutWorker`]: a thread that steps the force simulation off the UI thread.
//!
//! The simulation travels: the UI thread hands it over with a step budget, the worker
//! runs steps until the budget is spent (at least one), then hands it back and asks egui
//! for a repaint. While it is away the UI draws the positions of the last hand-back, so a
//! frame never waits on a step, however large the graph (a 50,000-node step takes tens
//! of milliseconds). Handing the whole simulation over, instead of sharing it behind a
//! lock, keeps the simulation single-owner and its steps in the same deterministic
//! sequence as when they ran on the UI thread.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::layout::Simulation;

/// A batch of steps for the worker.
struct Job {
    /// Which layout this simulation belongs to; results of older layouts are dropped.
    generation: u64,
    sim: Box<Simulation>,
    max_steps: usize,
    budget: Duration,
    /// Woken (asked to repaint) when the batch is done.
    wake: Option<egui::Context>,
}

/// A simulation coming back from the worker.
pub struct Done {
    /// The generation of the job it ran.
    pub generation: u64,
    /// The simulation, advanced.
    pub sim: Box<Simulation>,
}

/// A worker thread and the channels to it. Dropping it ends the thread once its current
/// batch is done (the thread is not joined, so dropping never blocks the UI).
pub struct LayoutWorker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    _thread: JoinHandle<()>,
}

impl LayoutWorker {
    /// Starts the thread, or `None` if the system cannot start one (the caller then
    /// steps on its own thread).
    pub fn spawn() -> Option<Self> {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let thread = std::thread::Builder::new()
            .name("ideagraph-layout".to_owned())
            .spawn(move || {
                // Ends when the UI side drops its sender.
                while let Ok(mut job) = job_rx.recv() {
                    run_batch(&mut job.sim, job.max_steps, job.budget);
                    let sent = done_tx.send(Done {
                        generation: job.generation,
                        sim: job.sim,
                    });
                    if sent.is_err() {
                        break;
                    }
                    if let Some(ctx) = job.wake {
                        ctx.request_repaint();
                    }
                }
            })
            .ok()?;
        Some(Self {
            jobs,
            done,
            _thread: thread,
        })
    }

    /// Hands `sim` over for up to `max_steps` steps or until `budget` has gone (at least
    /// one step). Gives the simulation back if the thread has gone.
    pub fn send(
        &self,
        generation: u64,
        sim: Box<Simulation>,
        max_steps: usize,
        budget: Duration,
        wake: Option<egui::Context>,
    ) -> Result<(), Box<Simulation>> {
        self.jobs
            .send(Job {
                generation,
                sim,
                max_steps,
                budget,
                wake,
            })
            .map_err(|e| e.0.sim)
    }

    /// The finished batch, if one is ready.
    pub fn try_recv(&self) -> Result<Option<Done>, Gone> {
        match self.done.try_recv() {
            Ok(d) => Ok(Some(d)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(Gone),
        }
    }

    /// Waits for the batch in flight.
    pub fn recv(&self) -> Result<Done, Gone> {
        self.done.recv().map_err(|_| Gone)
    }
}

/// The worker thread ended (it panicked); the simulation it held is lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gone;

/// Runs up to `max_steps` steps, stopping early once settled or (after the first step)
/// once `budget` has gone. Returns the steps taken.
pub fn run_batch(sim: &mut Simulation, max_steps: usize, budget: Duration) -> usize {
    let start = Instant::now();
    let mut taken = 0;
    while taken < max_steps && !sim.is_settled() && (taken == 0 || start.elapsed() < budget) {
        sim.step();
        taken += 1;
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Params;

    fn sim() -> Simulation {
        let edges = (0..30).map(|i| (i, (i + 1) % 30)).collect();
        Simulation::new(vec![5.0; 30], edges, Params::default(), 7)
    }

    #[test]
    fn worker_steps_exactly_like_the_ui_thread() {
        let worker = LayoutWorker::spawn().expect("thread");
        let mut here = sim();
        let mut there = Box::new(sim());
        for _ in 0..20 {
            run_batch(&mut here, 3, Duration::from_secs(60));
            worker
                .send(1, there, 3, Duration::from_secs(60), None)
                .map_err(|_| "send")
                .expect("sent");
            let done = worker.recv().expect("back");
            assert_eq!(done.generation, 1);
            there = done.sim;
        }
        assert_eq!(here.positions(), there.positions());
        assert_eq!(here.alpha(), there.alpha());
    }

    #[test]
    fn a_batch_takes_at_least_one_step_and_stops_when_settled() {
        let mut s = sim();
        let a0 = s.alpha();
        assert_eq!(run_batch(&mut s, 5, Duration::ZERO), 1);
        assert!(s.alpha() < a0);
        let mut s = sim();
        let steps = run_batch(&mut s, usize::MAX, Duration::from_secs(600));
        assert!(s.is_settled());
        assert_eq!(run_batch(&mut s, 5, Duration::ZERO), 0, "settled: {steps}");
    }
}
