package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.model.ClusterMode;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.NodeGroupConfiguration;

/** The export's object names and the create request, built from the spec and the export alone. */
class ElastiCacheRequestsTest {

  @Test
  void anExportWritesOneNumberedObjectPerShard() {
    assertThat(ElastiCacheRequests.exportKeys("stg-cache-r-1", 2))
        .containsExactly("stg-cache-r-1-0001.rdb", "stg-cache-r-1-0002.rdb");
  }

  @Test
  void slotRangesCoverEveryHashSlotOnceInOrder() {
    for (int shards : new int[] {1, 3, 7, 500}) {
      List<NodeGroupConfiguration> groups = ElastiCacheRequests.slots(shards, 1);
      assertThat(groups).hasSize(shards);
      int next = 0;
      for (NodeGroupConfiguration g : groups) {
        String[] range = g.slots().split("-");
        assertThat(Integer.parseInt(range[0])).isEqualTo(next);
        next = Integer.parseInt(range[1]) + 1;
        assertThat(g.replicaCount()).isEqualTo(1);
      }
      assertThat(next).isEqualTo(ElastiCacheRequests.SLOTS);
    }
    assertThat(ElastiCacheRequests.slots(2, 0))
        .extracting(NodeGroupConfiguration::nodeGroupId, NodeGroupConfiguration::slots)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("0001", "0-8191"),
            org.assertj.core.groups.Tuple.tuple("0002", "8192-16383"));
  }

  @Test
  void aClusterModeDisabledGroupFromOneObjectOnProductionsVersionWithOwnerTags() {
    RefreshSpec.ElastiCache spec = spec();
    spec.target.numCacheClusters = 2;
    CreateReplicationGroupRequest r =
        ElastiCacheRequests.create(spec, export(1), Map.of("slipway.dev/refresh-owner", "uid"));
    assertThat(r.replicationGroupId()).isEqualTo("stg-cache");
    assertThat(r.snapshotArns()).containsExactly("arn:aws:s3:::b/n-0001.rdb");
    assertThat(r.engine()).isEqualTo("redis");
    assertThat(r.engineVersion()).isEqualTo("7.1");
    assertThat(r.numCacheClusters()).isEqualTo(2);
    assertThat(r.automaticFailoverEnabled()).isTrue();
    assertThat(r.numNodeGroups()).isNull();
    assertThat(r.snapshotRetentionLimit()).isZero();
    assertThat(r.tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("uid"));
  }

  @Test
  void aShardedGroupGetsSlotRangesAndTheSpecsVersion() {
    RefreshSpec.ElastiCache spec = spec();
    spec.target.shards = 3;
    spec.target.engineVersion = "7.2";
    CreateReplicationGroupRequest r = ElastiCacheRequests.create(spec, export(2), Map.of());
    assertThat(r.clusterMode()).isEqualTo(ClusterMode.ENABLED);
    assertThat(r.numNodeGroups()).isEqualTo(3);
    assertThat(r.replicasPerNodeGroup()).isZero();
    assertThat(r.nodeGroupConfiguration()).hasSize(3);
    assertThat(r.automaticFailoverEnabled()).isNull();
    assertThat(r.engineVersion()).isEqualTo("7.2");
    assertThat(r.snapshotArns()).hasSize(2);
  }

  private static RefreshSpec.ElastiCache spec() {
    RefreshSpec.ElastiCache c = new RefreshSpec.ElastiCache();
    c.name = "cache";
    c.source = new RefreshSpec.ElastiCacheSource();
    c.source.replicationGroupId = "prod-cache";
    c.target = new RefreshSpec.ElastiCacheTarget();
    c.target.replicationGroupId = "stg-cache";
    c.target.nodeType = "cache.t4g.medium";
    c.target.subnetGroup = "stg-cache";
    return c;
  }

  private static RefreshStatus.Export export(int shards) {
    RefreshStatus.Export e = new RefreshStatus.Export();
    e.engine = "redis";
    e.engineVersion = "7.1";
    e.shards = shards;
    e.objects =
        ElastiCacheRequests.exportKeys("n", shards).stream()
            .map(k -> "arn:aws:s3:::b/" + k)
            .toList();
    return e;
  }
}
