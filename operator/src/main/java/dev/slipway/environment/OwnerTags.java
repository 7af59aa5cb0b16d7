package dev.slipway.environment;

import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * The tags that record which environment owns an ELBv2 resource. They are the only allocation
 * record: a restarted operator, or a second replica, finds its resources by these tags.
 */
final class OwnerTags {
  static final String OWNER = "slipway.dev/owner";
  static final String MANAGED_BY = "slipway.dev/managed-by";
  static final String SLIPWAY = "slipway";

  private OwnerTags() {}

  static List<Tag> of(String owner) {
    return List.of(
        Tag.builder().key(OWNER).value(owner).build(),
        Tag.builder().key(MANAGED_BY).value(SLIPWAY).build());
  }

  static boolean ownedBy(Map<String, String> tags, String owner) {
    return owner.equals(tags.get(OWNER)) && SLIPWAY.equals(tags.get(MANAGED_BY));
  }

  /** The subset of {@code arns} tagged as owned by {@code owner}. */
  static Set<String> ownedAmong(ElbPort elb, AwsTarget t, String owner, List<String> arns) {
    return elb.tags(t, arns).entrySet().stream()
        .filter(e -> ownedBy(e.getValue(), owner))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
