package dev.slipway.dashboard;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Decides whether a status URL may become a link: only absolute http(s) URLs with a host, so a
 * {@code javascript:} or {@code data:} value written into a status shows as plain text.
 */
final class SafeLinks {
  private SafeLinks() {}

  /** The URL itself when it is safe to put in an {@code href}; otherwise null. */
  static String href(String url) {
    if (url == null || url.isBlank() || !url.equals(url.strip())) return null;
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean web = scheme.equals("http") || scheme.equals("https");
      return web && uri.getHost() != null && !uri.getHost().isEmpty() ? url : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
