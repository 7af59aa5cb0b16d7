package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * ListTagsForResource, AddTagsToResource and RemoveTagsFromResource on RDS ARNs. Resources of other
 * accounts or Regions are not found, even when shared: tags belong to the owner.
 */
final class RdsTagOps {
  private final RegionState rs;
  private final RdsModel m;

  RdsTagOps(RegionState rs) {
    this.rs = rs;
    this.m = rs.rds;
  }

  List<Tag> list(String arn) {
    RdsArns.Arn a = parse(arn);
    return a.type().equals(RdsArns.CLUSTER_SNAPSHOT)
        ? snapshot(a, arn).tags()
        : List.copyOf(mutableTags(a, arn));
  }

  void add(String arn, List<Tag> tags) {
    edit(arn, list -> TagLists.put(list, tags, Tag::key));
  }

  void remove(String arn, List<String> keys) {
    edit(arn, list -> TagLists.remove(list, keys, Tag::key));
  }

  private void edit(String arn, Consumer<List<Tag>> change) {
    RdsArns.Arn a = parse(arn);
    if (a.type().equals(RdsArns.CLUSTER_SNAPSHOT)) {
      // Snapshots are immutable records (other accounts may hold one); an edit replaces it.
      RdsSnapshot s = snapshot(a, arn);
      List<Tag> tags = new ArrayList<>(s.tags());
      change.accept(tags);
      m.snapshots.put(s.id(), s.withTags(tags));
    } else {
      change.accept(mutableTags(a, arn));
    }
  }

  private List<Tag> mutableTags(RdsArns.Arn a, String arn) {
    String id = RdsArns.normalize(a.name());
    if (a.type().equals(RdsArns.CLUSTER)) {
      RdsCluster c = local(a) ? m.clusters.get(id) : null;
      if (c == null) throw RdsErrors.clusterNotFound(arn);
      return c.tags;
    }
    if (a.type().equals(RdsArns.INSTANCE)) {
      RdsInstance i = local(a) ? m.instances.get(id) : null;
      if (i == null) throw RdsErrors.instanceNotFound(arn);
      return i.tags;
    }
    throw RdsErrors.invalidParameterValue("Unsupported resource type in " + arn);
  }

  private RdsSnapshot snapshot(RdsArns.Arn a, String arn) {
    RdsSnapshot s = local(a) ? m.snapshots.get(RdsArns.normalize(a.name())) : null;
    if (s == null) throw RdsErrors.snapshotNotFound(arn);
    return s;
  }

  private boolean local(RdsArns.Arn a) {
    return a.account().equals(rs.account) && a.region().equals(rs.region);
  }

  private static RdsArns.Arn parse(String arn) {
    if (arn == null) throw RdsErrors.missingParameter("ResourceName");
    RdsArns.Arn a = RdsArns.parse(arn);
    if (a == null) {
      throw RdsErrors.invalidParameterValue(
          "The specified resource name does not match an RDS resource in this region.");
    }
    return a;
  }
}
