package dev.slipway.release;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference, {@code [registry[:port]/]repository[:tag][@digest]}: the one rule
 * for every image Slipway accepts (task definition containers here, a branch environment's {@code
 * images} in the environment validator, the CRD's {@code pattern} through {@link #PATTERN}).
 *
 * <p>The grammar is the distribution project's reference grammar, written out here from its
 * specification: a repository is lower-case path components separated by {@code /}, each made of
 * letters and digits joined by {@code .}, {@code _}, {@code __} or dashes; an optional leading
 * registry is a host name (any case) or bracketed IPv6 address with an optional port; a tag is up
 * to 128 word characters, dots and dashes, not starting with a dot or dash. ECS narrows two things
 * (ContainerDefinition.image in the ECS API reference): the only digest it pulls by is {@code
 * sha256:} with exactly 64 hex digits, and everything before {@code @} is at most 255 characters.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  private static final String ALPHANUMERIC = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|-+)";
  private static final String PATH_COMPONENT =
      ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
  private static final String REPOSITORY = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String DOMAIN_COMPONENT = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
  private static final String REGISTRY = HOST + "(?::[0-9]+)?";
  private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
  private static final String DIGEST = "sha256:[A-Fa-f0-9]{64}";

  /**
   * The whole grammar as one anchored regular expression, written for RE2 (the API server's engine)
   * as well as Java: no look-around, no back-references. The CRD's {@code pattern} for a container
   * image is this constant.
   */
  public static final String PATTERN =
      "^(?:" + REGISTRY + "/)?" + REPOSITORY + "(?::" + TAG + ")?(?:@" + DIGEST + ")?$";

  /** ECS counts at most this many characters before the {@code @} of a digest. */
  public static final int MAX_NAME_AND_TAG = 255;

  /** The CEL rule for the length limit, which a regular expression cannot say. */
  public static final String CEL_LENGTH_RULE =
      "!has(self.image) || (self.image.contains('@') ? self.image.indexOf('@') : size(self.image))"
          + " <= 255";

  public static final String LENGTH_MESSAGE =
      "at most 255 characters before the @ of a digest (ECS's limit)";

  private static final Pattern COMPILED = Pattern.compile(PATTERN);
  private static final Pattern REGISTRY_ONLY = Pattern.compile("^" + REGISTRY + "$");

  /** What a valid reference looks like, for messages. */
  public static final String FORM = "[registry[:port]/]repository[:tag][@sha256:<64 hex digits>]";

  /** The parts of {@code image}, or empty when it is not a valid reference. */
  public static Optional<ImageReference> parse(String image) {
    if (problem(image).isPresent()) return Optional.empty();
    String rest = image;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = null;
    int slash = rest.indexOf('/');
    if (slash >= 0 && looksLikeRegistry(rest.substring(0, slash))) {
      registry = rest.substring(0, slash);
      rest = rest.substring(slash + 1);
    }
    return Optional.of(new ImageReference(registry, rest, tag, digest));
  }

  /**
   * Why {@code image} is not a reference ECS can pull, naming the fault when it can be told; empty
   * when it is valid. Callers put the field in front. The verdict is the regular expression's, so
   * the operator, the CLI and the API server can never disagree; the wording only helps the reader.
   */
  public static Optional<String> problem(String image) {
    if (image == null || image.isBlank()) return Optional.of("required");
    if (!COMPILED.matcher(image).matches()) return Optional.of(diagnose(image));
    int at = image.indexOf('@');
    if ((at >= 0 ? at : image.length()) > MAX_NAME_AND_TAG) return Optional.of(LENGTH_MESSAGE);
    return Optional.empty();
  }

  public static boolean isValid(String image) {
    return problem(image).isEmpty();
  }

  /** This reference with another tag (the digest, which would pin the old image, is dropped). */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, newTag, null);
  }

  @Override
  public String toString() {
    return (registry == null ? "" : registry + "/")
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }

  /** Docker's rule for whether the first path component names a registry rather than a path. */
  private static boolean looksLikeRegistry(String first) {
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
  }

  private static String diagnose(String image) {
    String shown = "\"" + image + "\"";
    if (image.chars().anyMatch(Character::isWhitespace))
      return shown + " contains whitespace; an image is " + FORM;
    int at = image.indexOf('@');
    if (at >= 0 && !image.substring(at + 1).matches(DIGEST))
      return shown
          + " has digest "
          + image.substring(at + 1)
          + "; ECS pulls only by sha256:"
          + " followed by 64 hex digits";
    String name = at >= 0 ? image.substring(0, at) : image;
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/') && !name.substring(colon + 1).matches(TAG))
      return shown
          + " has tag \""
          + name.substring(colon + 1)
          + "\"; a tag is 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'";
    String path = colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    int slash = path.indexOf('/');
    if (slash >= 0 && looksLikeRegistry(path.substring(0, slash))) {
      if (!REGISTRY_ONLY.matcher(path.substring(0, slash)).matches())
        return shown + " has registry \"" + path.substring(0, slash) + "\", not a host[:port]";
      path = path.substring(slash + 1);
    }
    if (!path.equals(path.toLowerCase(java.util.Locale.ROOT)))
      return shown
          + " has upper-case letters in repository \""
          + path
          + "\"; repositories are"
          + " lower-case";
    return shown + " is not an image reference " + FORM;
  }
}
