package dev.slipway.sandbox.sim;

import java.time.Instant;

/** Observers of task lifecycle edges, used to keep load balancer targets in sync with tasks. */
interface TaskHooks {
  TaskHooks NONE = new TaskHooks() {};

  default void running(TaskModel task, Instant at) {}

  default void healthy(TaskModel task, Instant at) {}

  default void stopping(TaskModel task, Instant at) {}

  default void stopped(TaskModel task, Instant at) {}
}
