package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a scan's splits on several worker threads, morsel-driven: each worker takes the next unread
 * split from a shared counter, so a skewed split never leaves a core idle, and runs the split's
 * pages through its own copy of the pipeline that follows the scan (a filter-projection, and for
 * aggregations a partial aggregation). Their output meets in a bounded queue that the consuming
 * thread drains, which also pushes back on workers when the consumer is slower.
 *
 * <p>A split on another node is given the {@code fragment} to run there (the same filter-projection
 * and partial aggregation or top-N, encoded by {@link ShardFragment}, or the filter-projection
 * alone): its output then skips the worker's first {@code fragmentOperators} operators, the ones
 * the fragment stands for. A split that cannot run it is read as any other.
 *
 * <p>Workers start on the first {@link #next()} call, so streams that are not being read (the
 * second input of a UNION ALL, the probe side of a join while its build runs) hold no threads. A
 * worker's failure is rethrown to the consumer; closing the stream stops the workers.
 */
final class ParallelScanStream implements PageStream {
  private static final Object WORKER_DONE = new Object();

  private final List<ScanSplit> splits;
  private final int workerCount;
  private final Executor executor;
  private final OperatorContext context;
  private final Supplier<List<Operator>> pipeline;
  private final @Nullable String fragment;
  private final int fragmentOperators;
  private final BlockingQueue<Object> queue;
  private final AtomicInteger nextSplit = new AtomicInteger();
  private final AtomicBoolean isStopped = new AtomicBoolean();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private boolean isStarted;
  private int finishedWorkers;

  ParallelScanStream(
      List<ScanSplit> splits,
      int workerCount,
      Executor executor,
      OperatorContext context,
      Supplier<List<Operator>> pipeline,
      @Nullable String fragment,
      int fragmentOperators) {
    this.splits = List.copyOf(splits);
    this.fragment = fragment;
    this.fragmentOperators = fragmentOperators;
    this.workerCount = Math.max(1, Math.min(workerCount, this.splits.size()));
    this.executor = requireNonNull(executor, "executor is null");
    this.context = requireNonNull(context, "context is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.queue = new ArrayBlockingQueue<>(4 * this.workerCount);
  }

  @Override
  public @Nullable Page next() {
    if (!isStarted) {
      isStarted = true;
      for (int i = 0; i < workerCount; i++) {
        executor.execute(this::work);
      }
    }
    while (finishedWorkers < workerCount) {
      Object item;
      try {
        item = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new AuroraException(ErrorCode.QUERY_CANCELED, "Query was interrupted", e);
      }
      Throwable error = failure.get();
      if (error != null) {
        close();
        if (error instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Scan worker failed: " + error, error);
      }
      if (item == null) {
        context.checkCancelled();
      } else if (item == WORKER_DONE) {
        finishedWorkers++;
      } else {
        return (Page) item;
      }
    }
    return null;
  }

  private void work() {
    List<Operator> operators = new ArrayList<>();
    try {
      operators.addAll(pipeline.get());
      OperatorChain chain = new OperatorChain(operators, this::offer);
      while (!isStopped.get()) {
        int index = nextSplit.getAndIncrement();
        if (index >= splits.size()) {
          break;
        }
        ScanSplit split = splits.get(index);
        PageSource remote =
            fragment != null && split.isRemote() ? split.openFragment(fragment) : null;
        int first = remote == null ? 0 : fragmentOperators;
        try (PageSource source = remote == null ? split.open() : remote) {
          for (Page page = source.next(); page != null && !isStopped.get(); page = source.next()) {
            context.checkCancelled();
            chain.push(first, page);
          }
        }
      }
      chain.finish(isStopped::get);
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
    } finally {
      for (Operator operator : operators) {
        try {
          operator.close();
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }
      offer(WORKER_DONE);
    }
  }

  private void offer(Object item) {
    try {
      while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
        if (isStopped.get()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (isStopped.compareAndSet(false, true)) {
      // Workers blocked on a full queue see the flag within their next offer timeout and exit.
      queue.clear();
    }
  }
}
