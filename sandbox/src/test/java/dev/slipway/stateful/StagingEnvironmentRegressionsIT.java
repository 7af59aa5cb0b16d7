package dev.slipway.stateful;

import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.stateful.EnvironmentSteps.Burst;
import dev.slipway.stateful.EnvironmentSteps.CreateBranch;
import dev.slipway.stateful.EnvironmentSteps.CreateShared;
import dev.slipway.stateful.EnvironmentSteps.Cut;
import dev.slipway.stateful.EnvironmentSteps.Delete;
import dev.slipway.stateful.EnvironmentSteps.Flaw;
import dev.slipway.stateful.EnvironmentSteps.Restart;
import dev.slipway.stateful.EnvironmentSteps.Restore;
import dev.slipway.stateful.EnvironmentSteps.Routing;
import dev.slipway.stateful.EnvironmentSteps.Step;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sequences the randomized StagingEnvironment test found (minimized), kept as regression tests. To
 * add one: run the stateful test with -Dslipway.stateful.minimize=true, copy the printed {@code
 * steps: List.of(...)} of the broken invariant into a new test here, and name the test for the
 * promise it checks. Every invariant is checked after every step, as in the randomized run.
 */
class StagingEnvironmentRegressionsIT {
  static EmbeddedKubeApi api;
  static KubernetesClient test;
  static SequenceRunner<Step> runner;

  @BeforeAll
  static void start() {
    StatefulSupport.quietLogs();
    api = StatefulSupport.startApi();
    test = StatefulSupport.client(api);
    runner = StagingEnvironmentStatefulIT.runner(api, test);
  }

  @AfterAll
  static void stop() {
    test.close();
    Datastores.shutdown();
    StatefulSupport.stopApi(api);
  }

  /** Seed 5030: deleting a refused duplicate of a branch drops the live environment's data. */
  @Test
  void deletingARefusedDuplicateKeepsTheLiveEnvironmentsData() {
    runner.replay(
        5030,
        List.of(
            new CreateShared("s1", Engine.MYSQL, Routing.HOST_HEADER, Flaw.NONE, null),
            new CreateBranch("b2", "s1", "qa/c", "v1"),
            new CreateBranch("b3", "s1", "qa/c", "v1"),
            new Delete("b3")));
  }

  /** The same across two shared environments with one pattern (the case SchemaTaken exists for). */
  @Test
  void deletingADuplicateFromATwinSharedEnvironmentKeepsTheLiveEnvironmentsData() {
    runner.replay(
        1,
        List.of(
            new CreateShared("s1", Engine.MYSQL, Routing.PORT, Flaw.NONE, null),
            new CreateShared("s2", Engine.MYSQL, Routing.HOST_HEADER, Flaw.SAME_PATTERN, "s1"),
            new CreateBranch("b3", "s1", "qa/a", "v1"),
            new CreateBranch("b4", "s2", "qa/a", "v1"),
            new Delete("b4")));
  }

  /** An environment refused for maxEnvironments never created a schema, so it drops none. */
  @Test
  void anEnvironmentRefusedForTheLimitDropsNothing() {
    runner.replay(
        2,
        List.of(
            new CreateShared("s1", Engine.POSTGRESQL, Routing.PORT, Flaw.NONE, null),
            new CreateBranch("b2", "s1", "qa/a", "v1"),
            new CreateBranch("b3", "s1", "qa/b", "v1"),
            new CreateBranch("b4", "s1", "qa/c", "v1"),
            new Delete("b4")));
  }

  /** Seed 5005: a PostgreSQL pattern starting with pg_ makes the shared environment invalid. */
  @Test
  void aReservedPostgresPrefixIsInvalidAtTheSource() {
    runner.replay(
        5005,
        List.of(new CreateShared("s2", Engine.POSTGRESQL, Routing.PORT, Flaw.PG_PREFIX, null)));
  }

  /** Seed 5041: a branch of it gets a named phase and reason, not an exception text. */
  @Test
  void aBranchOfAnInvalidSharedEnvironmentHasANamedPhaseAndWritesNothing() {
    runner.replay(
        5041,
        List.of(
            new CreateShared("s1", Engine.POSTGRESQL, Routing.PORT, Flaw.PG_PREFIX, null),
            new CreateBranch("b2", "s1", "qa/b", "v1")));
  }

  /** Seed 5014: a branch whose admin Secret never existed can still be deleted. */
  @Test
  void aBranchThatNeverGotGoingCanBeDeleted() {
    runner.replay(
        5014,
        List.of(
            new CreateShared("s1", Engine.MYSQL, Routing.HOST_HEADER, Flaw.MISSING_SECRET, null),
            new CreateBranch("b2", "s1", "qa/a", "v1")));
  }

  /** A load balancer that does not exist: nothing is created for the branch, and it deletes. */
  @Test
  void aMissingLoadBalancerCreatesNothingAndDoesNotWedgeDeletion() {
    runner.replay(
        3,
        List.of(
            new CreateShared("s1", Engine.MYSQL, Routing.PORT, Flaw.MISSING_LOAD_BALANCER, null),
            new CreateBranch("b2", "s1", "qa/a", "v1"),
            new Delete("b2")));
  }

  /** A deletion while the database is down shows TeardownBlocked, and finishes once it is back. */
  @Test
  void aTeardownBlockedByTheDatabaseSaysSoAndFinishesOnceItIsBack() {
    runner.replay(
        4,
        List.of(
            new CreateShared("s1", Engine.MYSQL, Routing.PORT, Flaw.NONE, null),
            new CreateBranch("b2", "s1", "qa/a", "v1"),
            new Cut(Datastores.Store.MYSQL),
            new Delete("b2"),
            new Restore(Datastores.Store.MYSQL)));
  }

  /**
   * Seed 3786640846: a teardown blocked long enough (Redis and MySQL cut) backed off for 5 minutes
   * whatever the operator's retry cap (60 s here), so a minute after everything was back it still
   * said TeardownBlocked. It must look again within the cap, as a pass that threw does.
   */
  @Test
  void aLongBlockedTeardownFinishesWithinTheRetryCapOnceTheCauseIsGone() {
    runner.replay(
        3786640846L,
        List.of(
            new CreateShared("s1", Engine.MYSQL, Routing.PORT, Flaw.NONE, null),
            new CreateBranch("b2", "s1", "qa/a", "v1"),
            new Cut(Datastores.Store.REDIS),
            new Cut(Datastores.Store.MYSQL),
            new Delete("b2"),
            new CreateBranch("b3", "s1", "qa/c", "v2"),
            new Restore(Datastores.Store.MYSQL)));
  }

  /** Two shared environments, one branch name: their target groups must not collide. */
  @Test
  void theSameBranchOfTwoSharedEnvironmentsGetsItsOwnWayIn() {
    runner.replay(
        5,
        List.of(
            new CreateShared("s1", Engine.POSTGRESQL, Routing.PORT, Flaw.NONE, null),
            new CreateShared("s2", Engine.MYSQL, Routing.HOST_HEADER, Flaw.NONE, null),
            new CreateBranch("b3", "s1", "qa/b", "v1"),
            new CreateBranch("b4", "s2", "qa/b", "v1")));
  }

  /**
   * Seed 2354275786: the operator dies after an environment claimed its schema but before its pass
   * wrote status, and comes back with the database down, so every later pass fails before it gets
   * to write the names: the record written at admission must already name the schema it holds.
   */
  @Test
  void aCrashAfterTheClaimLeavesAStatusThatNamesTheSchema() {
    runner.replay(
        2354275786L,
        List.of(
            new CreateShared("s1", Engine.POSTGRESQL, Routing.PORT, Flaw.NONE, null),
            new Restart(CrashPlan.Via.AWS_AFTER, 14, true),
            new Burst(
                List.of(
                    new CreateBranch("b2", "s1", "qa/a", "v1"),
                    new CreateBranch("b3", "s1", "qa/b", "v1"),
                    new CreateBranch("b4", "s1", "qa/c", "v1"))),
            new Cut(Datastores.Store.POSTGRESQL)));
  }
}
