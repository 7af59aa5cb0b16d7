package dev.slipway.environment;

import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * The tags that record which environment owns an ELBv2 resource, written in the same call that
 * creates it. They are the only allocation record and the proof of ownership a delete requires: a
 * restarted operator, or a second replica, finds its resources by these tags.
 */
final class OwnerTags {
  static final String OWNER = "slipway.dev/owner";
  static final String OWNER_UID = "slipway.dev/owner-uid";
  static final String MANAGED_BY = "slipway.dev/managed-by";
  static final String SLIPWAY = "slipway";

  private OwnerTags() {}

  static List<Tag> of(AwsOwner owner) {
    return List.of(
        Tag.builder().key(OWNER).value(owner.key()).build(),
        Tag.builder().key(OWNER_UID).value(owner.uid()).build(),
        Tag.builder().key(MANAGED_BY).value(SLIPWAY).build());
  }

  /**
   * Owned when key and uid match. Resources tagged before uids were recorded carry no uid tag; for
   * those the key alone is the proof, as it was when they were made.
   */
  static boolean ownedBy(Map<String, String> tags, AwsOwner owner) {
    String uid = tags.get(OWNER_UID);
    return owner.key().equals(tags.get(OWNER))
        && SLIPWAY.equals(tags.get(MANAGED_BY))
        && (uid == null || uid.equals(owner.uid()));
  }

  /** The subset of {@code arns} tagged as owned by {@code owner}. */
  static Set<String> ownedAmong(ElbPort elb, AwsTarget t, AwsOwner owner, List<String> arns) {
    return elb.tags(t, arns).entrySet().stream()
        .filter(e -> ownedBy(e.getValue(), owner))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
