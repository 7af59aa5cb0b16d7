package dev.slipway.stateful;

/**
 * When the operator dies: at the k-th AWS call (before it reaches AWS, or after AWS did it but
 * before the answer came back) or right after the k-th datastore connection was opened (at the
 * operator's next AWS call or the end of its pass, since the connection itself lives on a proxy
 * thread). Counting starts when the plan is armed.
 */
final class CrashPlan {
  /** Where the crash is injected. */
  enum Via {
    AWS_BEFORE,
    AWS_AFTER,
    DATASTORE
  }

  private Via via;
  private int remaining;
  private volatile boolean pending;

  synchronized void arm(Via via, int k) {
    this.via = via;
    this.remaining = Math.max(1, k);
    this.pending = false;
  }

  synchronized void disarm() {
    via = null;
    pending = false;
  }

  synchronized boolean armed() {
    return via != null || pending;
  }

  /** Called by the AWS tap before a call is sent. */
  synchronized void beforeAwsCall(String call) {
    crashIfPending(call);
    if (via == Via.AWS_BEFORE && --remaining == 0) fire("before AWS call " + call);
  }

  /** Called by the AWS tap after AWS carried the call out. */
  synchronized void afterAwsCall(String call) {
    if (via == Via.AWS_AFTER && --remaining == 0) fire("after AWS call " + call + " succeeded");
  }

  /** Called by a datastore proxy (on its own thread) when the operator opened a connection. */
  synchronized void datastoreConnected(String store) {
    if (via == Via.DATASTORE && --remaining == 0) {
      via = null;
      pending = true;
    }
  }

  /** Called by the step driver when a pass ends, before its results are applied. */
  synchronized void endOfPass(String pass) {
    crashIfPending("at the end of " + pass);
  }

  private void crashIfPending(String where) {
    if (!pending) return;
    pending = false;
    throw new OperatorCrash("after a datastore connection, " + where);
  }

  private void fire(String where) {
    via = null;
    throw new OperatorCrash(where);
  }
}
