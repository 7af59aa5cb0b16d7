package dev.slipway.sandbox.kube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the legacy discovery documents kubectl and clients need to map kinds to resources: the
 * built-in resources the operator uses plus every installed CRD.
 */
final class ApiDiscovery {
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  /** A resource served at a fixed group/version regardless of what is installed. */
  private record BuiltIn(
      String groupVersion,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames) {}

  private static final List<BuiltIn> BUILT_INS =
      List.of(
          new BuiltIn("v1", "namespaces", "namespace", "Namespace", false, List.of("ns")),
          new BuiltIn("v1", "secrets", "secret", "Secret", true, List.of()),
          new BuiltIn("v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm")),
          new BuiltIn("v1", "events", "event", "Event", true, List.of("ev")),
          new BuiltIn("v1", "services", "service", "Service", true, List.of("svc")),
          new BuiltIn(
              "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa")),
          new BuiltIn("v1", "pods", "pod", "Pod", true, List.of("po")),
          new BuiltIn(
              "apps/v1", "deployments", "deployment", "Deployment", true, List.of("deploy")),
          new BuiltIn("coordination.k8s.io/v1", "leases", "lease", "Lease", true, List.of()),
          new BuiltIn("events.k8s.io/v1", "events", "event", "Event", true, List.of("ev")),
          new BuiltIn(
              "apiextensions.k8s.io/v1",
              "customresourcedefinitions",
              "customresourcedefinition",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds")));

  private final Supplier<List<CustomResourceDefinition>> crds;
  private final Supplier<String> serverAddress;

  ApiDiscovery(Supplier<List<CustomResourceDefinition>> crds, Supplier<String> serverAddress) {
    this.crds = crds;
    this.serverAddress = serverAddress;
  }

  /** The installed CRDs, as discovery sees them now. */
  List<CustomResourceDefinition> crds() {
    return crds.get();
  }

  /** The document served at {@code /api}. */
  APIVersions coreVersions() {
    return new APIVersionsBuilder()
        .withVersions("v1")
        .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress.get())
        .build();
  }

  /** The document served at {@code /apis}: every non-core group, CRD groups included. */
  APIGroupList groups() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    for (BuiltIn builtIn : BUILT_INS) {
      if (builtIn.groupVersion().contains("/")) {
        String[] gv = builtIn.groupVersion().split("/");
        addVersion(versionsByGroup, gv[0], gv[1]);
      }
    }
    for (CustomResourceDefinition crd : crds.get()) {
      servedVersions(crd).forEach(v -> addVersion(versionsByGroup, crd.getSpec().getGroup(), v));
    }
    List<APIGroup> groups = new ArrayList<>();
    versionsByGroup.forEach((group, versions) -> groups.add(group(group, versions)));
    return new APIGroupListBuilder().withGroups(groups).build();
  }

  /** The resource list for {@code groupVersion} ("v1" for core), or empty if nothing serves it. */
  Optional<APIResourceList> resources(String groupVersion) {
    List<APIResource> resources = new ArrayList<>();
    BUILT_INS.stream()
        .filter(b -> b.groupVersion().equals(groupVersion))
        .forEach(
            b ->
                resources.add(
                    resource(
                        b.plural(),
                        b.singular(),
                        b.kind(),
                        b.namespaced(),
                        b.shortNames(),
                        List.of(),
                        ALL_VERBS)));
    for (CustomResourceDefinition crd : crds.get()) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        if (version.getServed()
            && (crd.getSpec().getGroup() + "/" + version.getName()).equals(groupVersion)) {
          resources.addAll(crdResources(crd, version));
        }
      }
    }
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(resources)
            .build());
  }

  /** The kind served as {@code plural} in {@code groupVersion}, if anything serves it. */
  Optional<String> kindOf(String groupVersion, String plural) {
    return resources(groupVersion).stream()
        .flatMap(list -> list.getResources().stream())
        .filter(r -> r.getName().equals(plural))
        .map(APIResource::getKind)
        .findFirst();
  }

  private static List<APIResource> crdResources(
      CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {
    var names = crd.getSpec().getNames();
    boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
    List<APIResource> resources = new ArrayList<>();
    resources.add(
        resource(
            names.getPlural(),
            names.getSingular(),
            names.getKind(),
            namespaced,
            names.getShortNames(),
            names.getCategories(),
            ALL_VERBS));
    if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
      resources.add(
          resource(
              names.getPlural() + "/status",
              "",
              names.getKind(),
              namespaced,
              List.of(),
              List.of(),
              STATUS_VERBS));
    }
    return resources;
  }

  private static APIResource resource(
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      List<String> verbs) {
    return new APIResourceBuilder()
        .withName(plural)
        .withSingularName(singular == null ? "" : singular)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withShortNames(shortNames == null ? List.of() : shortNames)
        .withCategories(categories == null ? List.of() : categories)
        .withVerbs(verbs)
        .build();
  }

  private static APIGroup group(String name, List<String> versions) {
    List<GroupVersionForDiscovery> gvs =
        versions.stream().map(v -> new GroupVersionForDiscovery(name + "/" + v, v)).toList();
    return new APIGroupBuilder()
        .withName(name)
        .withVersions(gvs)
        .withPreferredVersion(gvs.get(0))
        .build();
  }

  private static List<String> servedVersions(CustomResourceDefinition crd) {
    // The storage version goes first because discovery treats the first version as preferred.
    return crd.getSpec().getVersions().stream()
        .filter(CustomResourceDefinitionVersion::getServed)
        .sorted((a, b) -> Boolean.compare(b.getStorage(), a.getStorage()))
        .map(CustomResourceDefinitionVersion::getName)
        .toList();
  }

  private static void addVersion(Map<String, List<String>> byGroup, String group, String version) {
    List<String> versions = byGroup.computeIfAbsent(group, g -> new ArrayList<>());
    if (!versions.contains(version)) {
      versions.add(version);
    }
  }
}
