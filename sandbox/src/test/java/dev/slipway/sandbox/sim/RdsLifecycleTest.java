package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.RdsFixture.MYSQL_2;
import static dev.slipway.sandbox.sim.RdsFixture.MYSQL_3;
import static dev.slipway.sandbox.sim.RdsFixture.REGION;
import static dev.slipway.sandbox.sim.RdsFixture.STAGING;
import static dev.slipway.sandbox.sim.RdsFixture.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.SourceType;
import software.amazon.awssdk.services.rds.model.Tag;

/** Deletion rules, engine upgrades (and failed prechecks), events and tags of staging clusters. */
class RdsLifecycleTest {
  private final RdsFixture f = new RdsFixture();

  /** An available staging cluster seeded in the staging account with one writer. */
  private void stagingCluster(String version) {
    f.sim.seedAuroraCluster(STAGING, REGION, "stg", "aurora-mysql", version);
  }

  @Test
  void deletionProtectionAndLiveInstancesBlockDeletion() {
    String arn = f.seedProd("prod-main", "aurora-mysql", MYSQL_3);
    f.sim.shareClusterWith(RdsFixture.PROD, REGION, "prod-main", STAGING);
    f.staging.restoreDBClusterToPointInTime(
        r ->
            r.dbClusterIdentifier("stg-main")
                .sourceDBClusterIdentifier(arn)
                .restoreType("copy-on-write")
                .useLatestRestorableTime(true)
                .kmsKeyId("alias/staging")
                .deletionProtection(true));
    f.waitFor("stg-main", "available", Duration.ofMinutes(25));
    f.addInstance("stg-main", "stg-main-1", "aurora-mysql");
    f.advance(Duration.ofMinutes(26));

    assertThatThrownBy(() -> delete("stg-main"))
        .isInstanceOfSatisfying(
            RdsException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "Cannot delete protected Cluster, please disable deletion protection and try"
                          + " again.");
            });
    f.staging.modifyDBCluster(r -> r.dbClusterIdentifier("stg-main").deletionProtection(false));
    assertThat(f.cluster("stg-main").status()).isEqualTo("available");

    assertThatThrownBy(() -> delete("stg-main"))
        .isInstanceOf(InvalidDbClusterStateException.class)
        .hasMessageContaining("still contains DB instances in non-deleting state");

    assertThatThrownBy(() -> f.staging.deleteDBInstance(r -> r.dbInstanceIdentifier("stg-main-9")))
        .isInstanceOfSatisfying(
            DbInstanceNotFoundException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBInstanceNotFound"));
    f.staging.deleteDBInstance(r -> r.dbInstanceIdentifier("stg-main-1"));
    assertThat(f.instance("stg-main-1").dbInstanceStatus()).isEqualTo("deleting");
    delete("stg-main"); // instances that are being deleted do not block it
    assertThat(f.cluster("stg-main").status()).isEqualTo("deleting");
    assertThat(f.cluster("stg-main").dbClusterMembers()).hasSize(1);

    f.advance(Duration.ofMinutes(22)); // instance ≤ 15 min, then the cluster ≤ 6 min
    assertThat(f.sim.rdsClusters(STAGING, REGION)).isEmpty();
    assertThat(f.staging.describeDBInstances().dbInstances()).isEmpty();
  }

  @Test
  void majorUpgradeNeedsTheFlagRunsAndFinishesOnTheNewVersion() {
    stagingCluster(MYSQL_2);
    assertThatThrownBy(() -> upgrade(MYSQL_3, false))
        .isInstanceOfSatisfying(
            RdsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "The AllowMajorVersionUpgrade flag must be present when upgrading to a new"
                            + " major version."));
    assertThatThrownBy(() -> upgrade("5.7.mysql_aurora.2.07.0", true))
        .hasMessageContaining("Cannot upgrade aurora-mysql");

    Instant started = f.clock.instant();
    upgrade(MYSQL_3, true);
    assertThat(f.cluster("stg").status()).isEqualTo("upgrading");
    assertThat(f.instance("stg-instance-1").dbInstanceStatus()).isEqualTo("upgrading");
    assertThatThrownBy(
            () ->
                f.staging.modifyDBCluster(
                    r -> r.dbClusterIdentifier("stg").deletionProtection(true)))
        .isInstanceOfSatisfying(
            InvalidDbClusterStateException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidDBClusterStateFault"));

    f.advance(Duration.ofMinutes(9)); // major upgrades take at least 10 minutes
    assertThat(f.cluster("stg").engineVersion()).isEqualTo(MYSQL_2);
    f.waitFor("stg", "available", Duration.ofMinutes(40));
    assertThat(f.cluster("stg").engineVersion()).isEqualTo(MYSQL_3);
    assertThat(f.cluster("stg").dbClusterParameterGroup()).isEqualTo("default.aurora-mysql8.0");
    assertThat(events(started))
        .extracting(Event::message)
        .containsExactly(
            "Database cluster engine version upgrade started.",
            "Database cluster engine version upgrade finished. New version: " + MYSQL_3);
  }

  @Test
  void aFailedPrecheckLeavesTheOldVersionAndAnEvent() {
    stagingCluster(MYSQL_2);
    f.sim.faults().set("rds:UpgradePrecheck", FaultRule.errors(1.0, null));
    Instant started = f.clock.instant();
    upgrade(MYSQL_3, true);
    assertThat(f.cluster("stg").status()).isEqualTo("upgrading");
    f.waitFor("stg", "available", Duration.ofMinutes(15));
    assertThat(f.cluster("stg").engineVersion()).isEqualTo(MYSQL_2);
    assertThat(events(started))
        .extracting(Event::message)
        .last()
        .asString()
        .startsWith(
            "Database cluster is in a state that cannot be upgraded: Upgrade prechecks failed.");
    assertThat(f.available).isEmpty(); // only restores and clones are announced
  }

  @Test
  void withoutApplyImmediatelyAnUpgradeWaitsForTheMaintenanceWindow() {
    stagingCluster("8.0.mysql_aurora.3.04.0");
    f.staging.modifyDBCluster(r -> r.dbClusterIdentifier("stg").engineVersion(MYSQL_3));
    assertThat(f.cluster("stg").status()).isEqualTo("available");
    assertThat(f.cluster("stg").pendingModifiedValues().engineVersion()).isEqualTo(MYSQL_3);
    f.advance(Duration.ofDays(8)); // the default window is on Sundays
    assertThat(f.cluster("stg").engineVersion()).isEqualTo(MYSQL_3);
    assertThat(f.cluster("stg").pendingModifiedValues()).isNull();
  }

  @Test
  void tagsRoundTripOnClustersAndInstances() {
    stagingCluster(MYSQL_3);
    String cluster = f.cluster("stg").dbClusterArn();
    String instance = f.instance("stg-instance-1").dbInstanceArn();
    f.staging.addTagsToResource(
        r -> r.resourceName(cluster).tags(tag("owner", "slipway"), tag("env", "stg")));
    f.staging.addTagsToResource(r -> r.resourceName(cluster).tags(tag("env", "qa")));
    f.staging.addTagsToResource(r -> r.resourceName(instance).tags(tag("role", "writer")));
    assertThat(f.staging.listTagsForResource(r -> r.resourceName(cluster)).tagList())
        .extracting(Tag::key, Tag::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("owner", "slipway"),
            org.assertj.core.groups.Tuple.tuple("env", "qa"));
    f.staging.removeTagsFromResource(r -> r.resourceName(cluster).tagKeys("owner"));
    assertThat(f.cluster("stg").tagList()).extracting(Tag::key).containsExactly("env");
    assertThat(f.instance("stg-instance-1").tagList())
        .extracting(Tag::value)
        .containsExactly("writer");
    assertThat(f.sim.rdsClusters(STAGING, REGION).get(0).tags()).containsEntry("env", "qa");
    assertThatThrownBy(
            () ->
                f.staging.listTagsForResource(
                    r -> r.resourceName(cluster.replace(":stg", ":nope"))))
        .hasMessageContaining("DBCluster")
        .hasMessageContaining("not found");
  }

  private void upgrade(String version, boolean allowMajor) {
    f.staging.modifyDBCluster(
        r ->
            r.dbClusterIdentifier("stg")
                .engineVersion(version)
                .allowMajorVersionUpgrade(allowMajor)
                .applyImmediately(true));
  }

  private void delete(String id) {
    f.staging.deleteDBCluster(r -> r.dbClusterIdentifier(id).skipFinalSnapshot(true));
  }

  private java.util.List<Event> events(Instant since) {
    return f.staging
        .describeEvents(
            r -> r.sourceType(SourceType.DB_CLUSTER).sourceIdentifier("stg").startTime(since))
        .events();
  }
}
