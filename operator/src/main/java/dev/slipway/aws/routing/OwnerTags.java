package dev.slipway.aws.routing;

import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * The tags that record which object owns an ELBv2 resource, written in the same call that creates
 * it. They are the only allocation record and the proof of ownership a delete requires: a restarted
 * operator, or a second replica, finds its resources by these tags.
 */
public final class OwnerTags {
  public static final String OWNER = "slipway.dev/owner";
  public static final String OWNER_UID = "slipway.dev/owner-uid";
  public static final String MANAGED_BY = "slipway.dev/managed-by";
  public static final String SLIPWAY = "slipway";

  private OwnerTags() {}

  /** The tags a creating call writes so that {@code owner} can prove the resource is its own. */
  public static List<Tag> of(AwsOwner owner) {
    return List.of(
        Tag.builder().key(OWNER).value(owner.key()).build(),
        Tag.builder().key(OWNER_UID).value(owner.uid()).build(),
        Tag.builder().key(MANAGED_BY).value(SLIPWAY).build());
  }

  /**
   * Owned when key and uid match. Resources tagged before uids were recorded carry no uid tag; for
   * those the key alone is the proof, as it was when they were made.
   */
  public static boolean ownedBy(Map<String, String> tags, AwsOwner owner) {
    String uid = tags.get(OWNER_UID);
    return owner.key().equals(tags.get(OWNER))
        && SLIPWAY.equals(tags.get(MANAGED_BY))
        && (uid == null || uid.equals(owner.uid()));
  }

  /** The subset of {@code arns} tagged as owned by {@code owner}. */
  public static Set<String> ownedAmong(
      ElbPort elb, AwsTarget t, AwsOwner owner, List<String> arns) {
    return ownedIn(elb.tags(t, arns), owner);
  }

  /** The ARNs of {@code tagsByArn} (as {@link ElbPort#tags} reads them) that {@code owner} owns. */
  static Set<String> ownedIn(Map<String, Map<String, String>> tagsByArn, AwsOwner owner) {
    return tagsByArn.entrySet().stream()
        .filter(e -> ownedBy(e.getValue(), owner))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
