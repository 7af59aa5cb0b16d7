package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Validators for a set of CRDs, looked up by an object's apiVersion group and kind. */
public final class CustomResourceValidators {
  private final Map<String, CustomResourceValidator> byGroupKind = new LinkedHashMap<>();

  public CustomResourceValidators add(CustomResourceValidator validator) {
    byGroupKind.put(validator.kind() + "." + validator.group(), validator);
    return this;
  }

  /** Loads every CRD file given (one CRD per file, as crds/ holds them). */
  public static CustomResourceValidators load(Path... crdFiles) {
    CustomResourceValidators validators = new CustomResourceValidators();
    for (Path file : crdFiles) {
      try (InputStream in = Files.newInputStream(file)) {
        validators.add(CustomResourceValidator.fromYaml(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return validators;
  }

  /** The validator for {@code object}'s kind, or empty if no loaded CRD defines it. */
  public Optional<CustomResourceValidator> forObject(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    return Optional.ofNullable(byGroupKind.get(object.path("kind").asText() + "." + group));
  }
}
