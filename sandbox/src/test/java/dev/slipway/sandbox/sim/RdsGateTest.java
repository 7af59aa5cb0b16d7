package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.RdsFixture.MYSQL_3;
import static dev.slipway.sandbox.sim.RdsFixture.PROD;
import static dev.slipway.sandbox.sim.RdsFixture.REGION;
import static dev.slipway.sandbox.sim.RdsFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.InsufficientDbClusterCapacityException;
import software.amazon.awssdk.services.rds.model.InsufficientDbInstanceCapacityException;
import software.amazon.awssdk.services.rds.model.RdsException;

/** RDS calls through the gate: throttling, injected capacity faults, pagination, listeners. */
class RdsGateTest {

  @Test
  void aBurstBeyond300CallsIsThrottled() {
    RdsFixture f = new RdsFixture(true);
    int ok = 0;
    AwsServiceException throttled = null;
    for (int i = 0; i < 400 && throttled == null; i++) {
      try {
        f.staging.describeDBClusters();
        ok++;
      } catch (AwsServiceException e) {
        throttled = e;
      }
    }
    assertThat(ok).isBetween(300, 330); // 300 burst plus what refilled meanwhile (12/s)
    assertThat(throttled).isInstanceOf(RdsException.class);
    assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("Throttling");
    assertThat(throttled.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
    assertThat(throttled.isThrottlingException()).isTrue();
    assertThat(f.sim.calls("rds", "DescribeDBClusters").throttled()).isEqualTo(1);
  }

  @Test
  void injectedCapacityShortagesFailRestoresAndInstanceCreation() {
    RdsFixture f = new RdsFixture();
    String arn = f.seedProd("prod-main", "aurora-mysql", MYSQL_3);
    f.sim.shareClusterWith(PROD, REGION, "prod-main", STAGING);

    f.sim.faults().set("rds:InsufficientDBClusterCapacity", FaultRule.errors(1.0, null));
    assertThatThrownBy(() -> f.cloneInto("stg-main", arn))
        .isInstanceOfSatisfying(
            InsufficientDbClusterCapacityException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InsufficientDBClusterCapacityFault"));
    assertThat(f.sim.rdsClusters(STAGING, REGION)).isEmpty();
    f.sim.faults().clear();
    f.cloneInto("stg-main", arn);
    f.waitFor("stg-main", "available", Duration.ofMinutes(25));

    f.sim.faults().set("rds:InsufficientDBInstanceCapacity", FaultRule.errors(1.0, null));
    assertThatThrownBy(() -> f.addInstance("stg-main", "stg-main-1", "aurora-mysql"))
        .isInstanceOfSatisfying(
            InsufficientDbInstanceCapacityException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode())
                  .isEqualTo("InsufficientDBInstanceCapacity");
              assertThat(e.getMessage()).contains("db.r6g.large");
            });
    assertThat(f.staging.describeDBInstances().dbInstances()).isEmpty();
  }

  @Test
  void describeCallsPageWithMaxRecordsAndMarker() {
    RdsFixture f = new RdsFixture();
    for (int i = 0; i < 25; i++) {
      f.sim.seedAuroraCluster(STAGING, REGION, "c" + i, "aurora-postgresql", "15.4");
    }
    var first = f.staging.describeDBClusters(r -> r.maxRecords(20));
    assertThat(first.dbClusters()).hasSize(20);
    assertThat(first.marker()).isNotNull();
    var second = f.staging.describeDBClusters(r -> r.maxRecords(20).marker(first.marker()));
    assertThat(second.dbClusters()).hasSize(5);
    assertThat(second.marker()).isNull();
    List<String> all = new ArrayList<>();
    f.staging
        .describeDBClustersPaginator(r -> r.maxRecords(20))
        .dbClusters()
        .forEach(c -> all.add(c.dbClusterIdentifier()));
    assertThat(all).hasSize(25).doesNotHaveDuplicates();
    assertThatThrownBy(() -> f.staging.describeDBClusters(r -> r.maxRecords(10)))
        .isInstanceOfSatisfying(
            RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  @Test
  void listenersRunOutsideTheLockAndMayCallBack() {
    RdsFixture f = new RdsFixture();
    String arn = f.seedProd("prod-main", "aurora-mysql", MYSQL_3);
    f.sim.shareClusterWith(PROD, REGION, "prod-main", STAGING);
    List<String> seen = new ArrayList<>();
    f.sim.onClusterAvailable(
        e -> seen.add(f.sim.rdsClusters(e.account(), e.region()).get(0).status()));
    f.sim.onClusterAvailable(
        e -> {
          throw new IllegalStateException("a broken listener does not fail the call");
        });
    f.cloneInto("stg-main", arn);
    f.waitFor("stg-main", "available", Duration.ofMinutes(25));
    assertThat(seen).containsExactly("available");
  }

  @Test
  void timingsAreDeterministicForASeed() {
    assertThat(cloneTime()).isEqualTo(cloneTime());
  }

  private static Duration cloneTime() {
    RdsFixture f = new RdsFixture();
    String arn = f.seedProd("prod-main", "aurora-mysql", MYSQL_3);
    f.sim.shareClusterWith(PROD, REGION, "prod-main", STAGING);
    DBCluster c = f.cloneInto("stg-main", arn);
    assertThat(c.status()).isEqualTo("creating");
    return f.waitFor("stg-main", "available", Duration.ofMinutes(25));
  }
}
