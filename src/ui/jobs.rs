//! Work off the UI thread: a [`Job`] runs one computation on its own thread, hands its
//! results back as they come (a computation in stages sends each stage), wakes the
//! window when it has something, and is cancelled when it is dropped, which is how a
//! job whose question is no longer asked (the view changed) is superseded.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

/// Runs `work` with its rayon loops on the one background pool: metrics, communities
/// and the canvas's picture of its edges all run there, on one thread fewer than the
/// machine has cores (at least one). However many jobs a quick succession of views
/// starts, they share these threads, so the window's thread keeps a core of its own
/// (on two cores, a picture and the metrics each on a pool of their own preempted
/// frames by tens of milliseconds); and the window's own parallel loops, on rayon's
/// global pool, never wait behind a long background task queued there (a picture drawn
/// on the global pool stalled frames for seconds). Called from background threads only.
pub fn in_background<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        rayon::ThreadPoolBuilder::new()
            .num_threads(cores.saturating_sub(1).max(1))
            .thread_name(|i| format!("ideagraph-background-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// A computation running on its own thread.
#[derive(Debug)]
pub struct Job<T> {
    rx: Receiver<T>,
    cancel: Arc<AtomicBool>,
    started: Instant,
    finished: bool,
}

/// What the work of a [`Job`] is given: the cancel flag to check between steps, and a
/// way to send results (each send wakes the window).
pub struct JobContext<T> {
    cancel: Arc<AtomicBool>,
    tx: Sender<T>,
    wake: Option<egui::Context>,
}

impl<T> JobContext<T> {
    /// True once nobody wants the result any more: the work should stop at its next
    /// step. Computations that check between their own stages take the flag itself.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Hands a result to the window and asks it to repaint.
    pub fn send(&self, result: T) {
        // A closed channel means the job was dropped: nothing is waiting for this.
        if self.tx.send(result).is_ok()
            && let Some(ctx) = &self.wake
        {
            ctx.request_repaint();
        }
    }
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread; `wake` is asked to repaint whenever it sends.
    pub fn spawn(
        wake: Option<egui::Context>,
        work: impl FnOnce(&JobContext<T>) + Send + 'static,
    ) -> Self {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let cx = JobContext {
            cancel: Arc::clone(&cancel),
            tx,
            wake,
        };
        let run = move || {
            work(&cx);
            // Dropping the sender tells the window the job is over; wake it to notice.
            let wake = cx.wake.clone();
            drop(cx);
            if let Some(ctx) = wake {
                ctx.request_repaint();
            }
        };
        // Should no thread be available, the job ends at once with nothing sent (its
        // sender dropped with the closure): the window stays usable without the result.
        let spawned = std::thread::Builder::new()
            .name("ideagraph-job".into())
            .spawn(run);
        if let Err(e) = spawned {
            eprintln!("ideagraph: no thread for background work: {e}");
        }
        Job {
            rx,
            cancel,
            started: Instant::now(),
            finished: false,
        }
    }
}

impl<T> Job<T> {
    /// The newest result sent since the last poll, if any.
    pub fn poll(&mut self) -> Option<T> {
        let mut newest = None;
        loop {
            match self.rx.try_recv() {
                Ok(result) => newest = Some(result),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    break;
                }
            }
        }
        newest
    }

    /// Whether the work is still going (as of the last poll).
    pub fn is_running(&self) -> bool {
        !self.finished
    }

    /// How long the job has been running.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Waits until the work sends its next result or ends; `None` when it ended.
    #[cfg(test)]
    fn wait_for_next(&mut self) -> Option<T> {
        match self.rx.recv() {
            Ok(result) => Some(result),
            Err(_) => {
                self.finished = true;
                None
            }
        }
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        // Nobody will read what it computes: let it stop at its next step.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_and_the_end_is_seen() {
        let mut job = Job::spawn(None, |cx| {
            for i in 0..3 {
                cx.send(i);
            }
        });
        let mut seen = Vec::new();
        while let Some(x) = job.wait_for_next() {
            seen.push(x);
        }
        assert_eq!(seen, vec![0, 1, 2]);
        assert!(!job.is_running());
        assert_eq!(job.poll(), None);
    }

    #[test]
    fn a_dropped_job_is_told_to_stop() {
        let (seen_tx, seen_rx) = channel();
        let (go_tx, go_rx) = channel::<()>();
        let job: Job<()> = Job::spawn(None, move |cx| {
            let _ = go_rx.recv();
            let _ = seen_tx.send(cx.cancel_flag().load(Ordering::Relaxed));
        });
        drop(job);
        let _ = go_tx.send(());
        assert_eq!(seen_rx.recv().ok(), Some(true));
    }
}
