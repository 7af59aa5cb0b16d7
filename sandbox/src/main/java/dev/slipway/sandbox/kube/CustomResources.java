package dev.slipway.sandbox.kube;

import dev.slipway.sandbox.kube.admission.CustomResourceValidator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves API paths to the installed CRD that serves them, with a cached validator per CRD. */
final class CustomResources {
  private static final Pattern PATH =
      Pattern.compile(
          "^/apis/([^/]+)/([^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(/status)?$");

  /** A request path that addresses a custom resource (collection, object or its status). */
  record Target(
      CustomResourceDefinition crd,
      CustomResourceDefinitionVersion version,
      CustomResourceValidator validator,
      String name,
      boolean status) {
    boolean collection() {
      return name == null;
    }
  }

  /** A validator built for one revision of a CRD. */
  private record Cached(String resourceVersion, CustomResourceValidator validator) {}

  private final Supplier<List<CustomResourceDefinition>> crds;
  private final Map<String, Cached> validators = new ConcurrentHashMap<>();

  CustomResources(Supplier<List<CustomResourceDefinition>> crds) {
    this.crds = crds;
  }

  Optional<Target> resolve(String path) {
    Matcher m = PATH.matcher(path);
    if (!m.matches() || m.group(1).equals("apiextensions.k8s.io")) {
      return Optional.empty();
    }
    String group = m.group(1);
    String version = m.group(2);
    String plural = m.group(4);
    for (CustomResourceDefinition crd : crds.get()) {
      if (crd.getSpec().getGroup().equals(group)
          && crd.getSpec().getNames().getPlural().equals(plural)) {
        return crd.getSpec().getVersions().stream()
            .filter(v -> v.getName().equals(version))
            .findFirst()
            .map(v -> new Target(crd, v, validator(crd), m.group(5), m.group(6) != null));
      }
    }
    return Optional.empty();
  }

  private CustomResourceValidator validator(CustomResourceDefinition crd) {
    String name = crd.getMetadata().getName();
    String revision = String.valueOf(crd.getMetadata().getResourceVersion());
    Cached cached = validators.get(name);
    if (cached == null || !cached.resourceVersion().equals(revision)) {
      cached = new Cached(revision, CustomResourceValidator.of(crd));
      validators.put(name, cached);
    }
    return cached.validator();
  }
}
