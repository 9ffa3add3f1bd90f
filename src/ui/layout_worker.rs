//! [`LayoutWorker`]: a thread that owns the force simulation and steps it off the UI
//! thread, publishing a [`Snapshot`] of the positions after every step.
//!
//! The UI never waits on a step, however large the graph (a 50,000-node step takes tens
//! of milliseconds): each frame it copies the latest snapshot and draws that. Changes go
//! the other way as [`Command`]s, applied between steps, each numbered so the UI knows
//! which ones a snapshot already shows. The worker steps as fast as it can on large
//! graphs; on small ones it keeps to [`STEPS_PER_WINDOW`] steps per frame time, so the
//! layout visibly unfolds instead of jumping to rest.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::layout::Simulation;

/// Most steps per [`WINDOW`]: small graphs settle over a few seconds, as an animation.
pub const STEPS_PER_WINDOW: usize = 3;

/// The pacing window: one frame at 60 frames per second.
pub const WINDOW: Duration = Duration::from_millis(16);

/// The simulation's state as last published: what the UI draws.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Which simulation this is (bumped by the UI whenever it replaces it).
    pub generation: u64,
    /// Bumped at every publication, so the UI copies only what is new.
    pub version: u64,
    /// The number of the last change applied ([`Command::Change`]).
    pub applied: u64,
    /// Positions by slot, in scene units.
    pub positions: Vec<[f32; 2]>,
    /// Whether each slot is pinned.
    pub pinned: Vec<bool>,
    /// The temperature, and the one at which it counts as settled.
    pub alpha: f32,
    /// See `alpha`.
    pub alpha_min: f32,
    /// Whether the layout has come to rest.
    pub settled: bool,
}

impl Snapshot {
    /// Copies the state of `sim` in, reusing the buffers.
    pub fn update(&mut self, sim: &Simulation) {
        self.positions.clear();
        self.positions.extend_from_slice(sim.positions());
        self.pinned.clear();
        self.pinned.extend((0..sim.len()).map(|i| sim.is_pinned(i)));
        self.alpha = sim.alpha();
        self.alpha_min = sim.params().alpha_min;
        self.settled = sim.is_settled() || sim.is_empty();
    }
}

/// A pin or a release of one simulation slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
    /// Fix a slot at a scene position.
    Pin(usize, [f32; 2]),
    /// Let a slot move again.
    Unpin(usize),
}

impl Change {
    /// How much a change warms the layout while it is still unfolding.
    const ALPHA: f32 = 0.3;

    /// Links from the moved node within which the layout follows a drag.
    const HOPS: usize = 2;

    /// Applies the change, warming the simulation around the node: its neighbours
    /// within [`Change::HOPS`] links settle around it while the rest of the map holds
    /// still where the user learned it (see [`Simulation::reheat_near`]).
    pub fn apply(self, sim: &mut Simulation) {
        let i = match self {
            Change::Pin(i, p) => {
                sim.pin(i, p);
                i
            }
            Change::Unpin(i) => {
                sim.unpin(i);
                i
            }
        };
        sim.reheat_near(i, Self::HOPS, Self::ALPHA);
    }

    /// Shows the change in a snapshot before the worker has made it.
    pub fn show(self, snap: &mut Snapshot) {
        match self {
            Change::Pin(i, p) => {
                if let Some(slot) = snap.positions.get_mut(i) {
                    *slot = p;
                }
                if let Some(pinned) = snap.pinned.get_mut(i) {
                    *pinned = true;
                }
            }
            Change::Unpin(i) => {
                if let Some(pinned) = snap.pinned.get_mut(i) {
                    *pinned = false;
                }
            }
        }
        snap.settled = false;
    }
}

/// What the UI asks of the worker.
pub enum Command {
    /// Lay out this simulation from now on.
    Replace {
        /// Its generation, echoed in snapshots.
        generation: u64,
        /// The simulation.
        sim: Box<Simulation>,
    },
    /// A numbered pin or release.
    Change(u64, Change),
    /// Stop or resume stepping.
    Paused(bool),
    /// Ask this context to repaint after each step.
    Wake(egui::Context),
    /// Run to rest (at most this many steps) now, then say so on the sender.
    Settle(usize, Sender<()>),
}

/// The worker thread and its two channels: commands in, snapshots out. Dropping it ends
/// the thread after its current step (the thread is not joined, so dropping never blocks
/// the UI).
pub struct LayoutWorker {
    commands: Sender<Command>,
    snapshot: Arc<Mutex<Snapshot>>,
    _thread: JoinHandle<()>,
}

impl LayoutWorker {
    /// Starts the thread, or `None` if the system cannot start one (the caller then steps
    /// on its own thread).
    pub fn spawn() -> Option<Self> {
        let (commands, inbox) = channel::<Command>();
        let snapshot = Arc::new(Mutex::new(Snapshot::default()));
        let shared = Arc::clone(&snapshot);
        let thread = std::thread::Builder::new()
            .name("ideagraph-layout".to_owned())
            .spawn(move || Worker::default().run(&inbox, &shared))
            .ok()?;
        Some(Self {
            commands,
            snapshot,
            _thread: thread,
        })
    }

    /// Sends a command; gives it back if the thread has gone.
    pub fn send(&self, command: Command) -> Result<(), Command> {
        self.commands.send(command).map_err(|e| e.0)
    }

    /// Copies the latest snapshot into `into` if it is newer than `into` and of
    /// `generation`; returns whether it did.
    pub fn latest(&self, generation: u64, into: &mut Snapshot) -> bool {
        let snap = self.snapshot.lock().unwrap_or_else(PoisonError::into_inner);
        if snap.generation != generation || snap.version == into.version {
            return false;
        }
        into.clone_from(&snap);
        true
    }
}

/// Runs `work` with its rayon loops on the layout's own pool (one thread per core).
/// On rayon's global pool a step's parallel loops queue ahead of the window's own (the
/// edge mesh), and a window loop waited out the whole step: at a million nodes, a step
/// is about a second of work and every frame took as long. The operating system shares
/// the cores between the pools; neither waits in the other's queue.
fn on_layout_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("ideagraph-layout-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// The thread's own state.
#[derive(Default)]
struct Worker {
    sim: Option<Box<Simulation>>,
    generation: u64,
    applied: u64,
    version: u64,
    paused: bool,
    wake: Option<egui::Context>,
    /// Pacing: when the current window began and the steps taken in it.
    window: Option<(Instant, usize)>,
}

impl Worker {
    /// Handles commands and steps until the UI side hangs up.
    fn run(mut self, inbox: &Receiver<Command>, shared: &Mutex<Snapshot>) {
        loop {
            let moving = !self.paused && self.sim.as_ref().is_some_and(|s| !s.is_settled());
            // Commands first, all of them; wait for one when there is nothing to step.
            let command = if moving {
                match inbox.try_recv() {
                    Ok(c) => Some(c),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match inbox.recv() {
                    Ok(c) => Some(c),
                    Err(_) => return,
                }
            };
            if let Some(command) = command {
                self.handle(command, shared);
                continue;
            }
            if let Some(sim) = &mut self.sim {
                on_layout_pool(|| sim.step());
            }
            self.publish(shared);
            self.pace();
        }
    }

    fn handle(&mut self, command: Command, shared: &Mutex<Snapshot>) {
        match command {
            Command::Replace { generation, sim } => {
                self.sim = Some(sim);
                self.generation = generation;
                self.window = None;
                self.publish(shared);
            }
            Command::Change(number, change) => {
                if let Some(sim) = &mut self.sim {
                    change.apply(sim);
                }
                self.applied = number;
                self.publish(shared);
            }
            Command::Paused(paused) => self.paused = paused,
            Command::Wake(ctx) => self.wake = Some(ctx),
            Command::Settle(max_steps, done) => {
                if let Some(sim) = &mut self.sim {
                    on_layout_pool(|| sim.run(max_steps));
                }
                self.publish(shared);
                let _ = done.send(());
            }
        }
    }

    /// Publishes the simulation's state and asks the UI to show it.
    fn publish(&mut self, shared: &Mutex<Snapshot>) {
        let Some(sim) = &self.sim else { return };
        self.version += 1;
        {
            let mut snap = shared.lock().unwrap_or_else(PoisonError::into_inner);
            snap.update(sim);
            snap.generation = self.generation;
            snap.version = self.version;
            snap.applied = self.applied;
        }
        if let Some(ctx) = &self.wake {
            ctx.request_repaint();
        }
    }

    /// Sleeps out the rest of the window once it has had its steps, so small graphs
    /// animate; steps slower than the window never wait.
    fn pace(&mut self) {
        let now = Instant::now();
        let (start, steps) = self.window.get_or_insert((now, 0));
        *steps += 1;
        if *steps < STEPS_PER_WINDOW {
            return;
        }
        let spent = now.duration_since(*start);
        if spent < WINDOW {
            std::thread::sleep(WINDOW - spent);
        }
        self.window = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Params;

    fn sim() -> Simulation {
        let edges = (0..30).map(|i| (i, (i + 1) % 30)).collect();
        Simulation::new(vec![5.0; 30], edges, Params::default(), 7)
    }

    fn settle(worker: &LayoutWorker) {
        let (tx, rx) = channel();
        assert!(worker.send(Command::Settle(100_000, tx)).is_ok());
        rx.recv().expect("settled");
    }

    #[test]
    fn the_worker_reaches_the_same_rest_as_this_thread() {
        let worker = LayoutWorker::spawn().expect("thread");
        let mut here = sim();
        here.run(100_000);
        let sent = worker.send(Command::Replace {
            generation: 3,
            sim: Box::new(sim()),
        });
        assert!(sent.is_ok());
        settle(&worker);
        let mut snap = Snapshot::default();
        assert!(worker.latest(3, &mut snap));
        assert!(snap.settled);
        assert_eq!(snap.positions, here.positions());
        assert!(!worker.latest(3, &mut snap), "nothing newer");
        assert!(!worker.latest(2, &mut snap), "another generation");
    }

    #[test]
    fn changes_are_numbered_in_snapshots_and_pins_hold() {
        let worker = LayoutWorker::spawn().expect("thread");
        let _ = worker.send(Command::Replace {
            generation: 1,
            sim: Box::new(sim()),
        });
        let _ = worker.send(Command::Change(7, Change::Pin(4, [50.0, -20.0])));
        settle(&worker);
        let mut snap = Snapshot::default();
        assert!(worker.latest(1, &mut snap));
        assert_eq!(snap.applied, 7);
        assert_eq!(snap.positions[4], [50.0, -20.0]);
        assert!(snap.pinned[4]);
    }

    #[test]
    fn a_paused_worker_does_not_step() {
        let worker = LayoutWorker::spawn().expect("thread");
        let _ = worker.send(Command::Paused(true));
        let _ = worker.send(Command::Replace {
            generation: 1,
            sim: Box::new(sim()),
        });
        std::thread::sleep(Duration::from_millis(100));
        let mut snap = Snapshot::default();
        assert!(worker.latest(1, &mut snap));
        assert_eq!(snap.positions, sim().positions(), "still where it began");
    }
}
