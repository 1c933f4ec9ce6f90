//! Group commit for SQLite. Every commit at full durability waits for an fsync, and SQLite
//! takes one writer at a time, so at a steady 1,000 checkouts/s each one queued behind the
//! previous one's fsync. Here one writer task runs the transactions queued meanwhile together:
//! each in its own savepoint (a refusal or a failure undoes only its own writes), then one
//! commit and one fsync for all of them, and only then does any of them get its answer, so
//! nothing is acknowledged before it is durable. With no queue, a batch is one transaction,
//! as before. PostgreSQL has its own concurrency and runs each transaction on its own.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::FutureExt;
use sqlx::pool::PoolConnection;
use sqlx::{Acquire, Any, AnyPool, Connection};
use tokio::sync::{mpsc, oneshot, Mutex};

use super::Conn;

/// How many transactions one commit may carry: enough to absorb a burst, few enough that a
/// batch's last answer does not wait long for its first.
const MOST_PER_BATCH: usize = 128;

pub type JobFuture<'c, T> = Pin<Box<dyn Future<Output = T> + Send + 'c>>;

/// A queued transaction, its result type erased so that one queue carries them all.
trait Queued: Send {
    /// Runs the job on the batch's connection, inside its savepoint: whether to keep its writes.
    fn run<'c>(&'c mut self, conn: &'c mut Conn) -> JobFuture<'c, bool>;
    /// Answers the caller once the batch has committed, or failed to.
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

struct Job<J, T, E> {
    job: Option<J>,
    outcome: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<Result<T, E>, sqlx::Error>>,
}

impl<J, T, E> Queued for Job<J, T, E>
where
    J: for<'c> FnOnce(&'c mut Conn) -> JobFuture<'c, Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    fn run<'c>(&'c mut self, conn: &'c mut Conn) -> JobFuture<'c, bool> {
        Box::pin(async move {
            let Some(job) = self.job.take() else { return false };
            let outcome = job(conn).await;
            let keep = outcome.is_ok();
            self.outcome = Some(outcome);
            keep
        })
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let answer = match (committed, self.outcome) {
            (Ok(()), Some(outcome)) => Ok(outcome),
            (Ok(()), None) => Err(failure("the transaction did not run".into())),
            (Err(e), _) => Err(failure(e)),
        };
        let _ = self.reply.send(answer);
    }
}

fn failure(message: String) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(message))
}

/// The queue of the one writer task.
#[derive(Clone)]
pub struct GroupCommit {
    queue: mpsc::UnboundedSender<Box<dyn Queued>>,
}

impl GroupCommit {
    /// Starts the writer task; it takes `writers` for each batch, as any other writer of this
    /// process does, and ends when the last `GroupCommit` is dropped.
    pub fn start(pool: AnyPool, writers: Arc<Mutex<()>>) -> GroupCommit {
        let (queue, jobs) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(pool, writers, jobs));
        GroupCommit { queue }
    }

    /// Runs `job` in the next batch: its outcome once the batch is durable, or the error that
    /// kept the batch from committing (nothing of it was written then).
    pub async fn run<J, T, E>(&self, job: J) -> Result<Result<T, E>, sqlx::Error>
    where
        J: for<'c> FnOnce(&'c mut Conn) -> JobFuture<'c, Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let queued: Box<dyn Queued> = Box::new(Job { job: Some(job), outcome: None, reply });
        self.queue.send(queued).map_err(|_| failure("the writer task has stopped".into()))?;
        answer.await.map_err(|_| failure("the writer task dropped the transaction".into()))?
    }
}

async fn write_batches(pool: AnyPool, writers: Arc<Mutex<()>>, mut jobs: mpsc::UnboundedReceiver<Box<dyn Queued>>) {
    let mut batch = Vec::with_capacity(MOST_PER_BATCH);
    // The writer keeps its connection (and SQLite's thread behind it) from batch to batch.
    let mut connection: Option<PoolConnection<Any>> = None;
    while jobs.recv_many(&mut batch, MOST_PER_BATCH).await > 0 {
        let _turn = writers.lock().await;
        let committed = match &mut connection {
            Some(conn) => run_batch(conn, &mut batch).await,
            None => match pool.acquire().await {
                Ok(conn) => run_batch(connection.insert(conn), &mut batch).await,
                Err(e) => Err(e),
            },
        };
        if committed.is_err() {
            // A connection that failed may be broken: the next batch takes a new one.
            connection = None;
        }
        let committed = committed.map_err(|e| e.to_string());
        if batch.len() > 1 {
            metrics::histogram!("billing_group_commit_size").record(batch.len() as f64);
        }
        for job in batch.drain(..) {
            job.finish(committed.clone());
        }
    }
}

/// One transaction for the whole batch, a savepoint per job.
async fn run_batch(conn: &mut Conn, batch: &mut [Box<dyn Queued>]) -> Result<(), sqlx::Error> {
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    for job in batch.iter_mut() {
        let mut savepoint = tx.begin().await?;
        match AssertUnwindSafe(job.run(&mut savepoint)).catch_unwind().await {
            Ok(true) => savepoint.commit().await?,
            Ok(false) => savepoint.rollback().await?,
            Err(_) => {
                tracing::error!("a transaction panicked; its writes are undone");
                savepoint.rollback().await?;
            }
        }
    }
    tx.commit().await
}
