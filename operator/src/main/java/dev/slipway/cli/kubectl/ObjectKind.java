package dev.slipway.cli.kubectl;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The kinds {@code kubectl slipway} reads, known by every name kubectl accepts for them. */
public enum ObjectKind {
  SERVICE_RELEASE(ServiceRelease.class),
  STAGING_ENVIRONMENT(StagingEnvironment.class),
  SCHEDULED_TASK(ScheduledTask.class);

  private final Class<? extends CustomResource<?, ?>> type;

  ObjectKind(Class<? extends CustomResource<?, ?>> type) {
    this.type = type;
  }

  /** The kind as the API names it, e.g. {@code ServiceRelease}. */
  public String kind() {
    return HasMetadata.getKind(type);
  }

  /** How kubectl names it in what it prints, e.g. {@code servicerelease.slipway.dev}. */
  public String qualifiedName() {
    return HasMetadata.getSingular(type) + "." + HasMetadata.getGroup(type);
  }

  /** The name kubectl users type, e.g. {@code sr}: the first short name. */
  public String shortName() {
    ShortNames shortNames = type.getAnnotation(ShortNames.class);
    return shortNames == null ? HasMetadata.getSingular(type) : shortNames.value()[0];
  }

  /** Where the API serves it; built from the class, so no discovery request is needed. */
  ResourceDefinitionContext resource() {
    return ResourceDefinitionContext.fromResourceType(type);
  }

  /** kind, singular, plural and short names, each also with the group: what kubectl takes. */
  Set<String> names() {
    Set<String> bare = new LinkedHashSet<>();
    bare.add(kind().toLowerCase(Locale.ROOT));
    bare.add(HasMetadata.getSingular(type));
    bare.add(HasMetadata.getPlural(type));
    ShortNames shortNames = type.getAnnotation(ShortNames.class);
    if (shortNames != null) bare.addAll(Arrays.asList(shortNames.value()));
    Set<String> names = new LinkedHashSet<>(bare);
    bare.forEach(n -> names.add(n + "." + HasMetadata.getGroup(type)));
    return names;
  }

  /** The kind {@code name} means (case-insensitive), e.g. {@code sr}, {@code stage}. */
  public static Optional<ObjectKind> named(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.names().contains(wanted)).findFirst();
  }
}
