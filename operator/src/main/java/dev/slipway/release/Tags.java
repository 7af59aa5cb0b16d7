package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Tag;

/** The AWS tags Slipway puts on what it creates: ownership and content hashes. */
public final class Tags {
  public static final String MANAGED_BY = "slipway.dev/managed-by";
  public static final String OWNER = "slipway.dev/owner";
  public static final String CONTENT_HASH = "slipway.dev/content-hash";
  public static final String MANAGER = "slipway";

  private Tags() {}

  /** "namespace/name" of the ServiceRelease that owns a resource. */
  public static String owner(ServiceRelease sr) {
    return sr.getMetadata().getNamespace() + "/" + sr.getMetadata().getName();
  }

  public static List<Tag> ownership(ServiceRelease sr) {
    return List.of(tag(MANAGED_BY, MANAGER), tag(OWNER, owner(sr)));
  }

  public static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  /**
   * Whether a resource's own tags prove that {@code sr} owns it: the only proof Slipway accepts
   * before destroying or reusing something. Written in the same call that creates the resource
   * (CreateService, RegisterTaskDefinition), so no crash can leave one of ours without it.
   */
  public static boolean provesOwner(List<Tag> tags, ServiceRelease sr) {
    return find(tags, OWNER).filter(owner(sr)::equals).isPresent();
  }

  public static Optional<String> find(List<Tag> tags, String key) {
    return tags == null
        ? Optional.empty()
        : tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
  }

  public static Map<String, String> asMap(List<Tag> tags) {
    return tags.stream().collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value));
  }
}
