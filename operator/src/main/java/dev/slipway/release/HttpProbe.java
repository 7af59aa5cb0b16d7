package dev.slipway.release;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * One HTTP GET of a preflight check, bounded as a whole by its timeout (connecting, every redirect
 * and the first bytes of the body), so a slow endpoint holds a reconcile thread for at most the
 * check's timeoutSeconds. Redirects are followed by hand: only to the same host (or from http to
 * https on it), at most {@link #MAX_REDIRECTS}; a redirect elsewhere is answered, not followed, as
 * a check must not be sent to a host its author did not name. No header is ever reported.
 */
final class HttpProbe {
  static final int MAX_REDIRECTS = 3;
  static final int EXCERPT_CHARS = 200;

  /** Enough bytes for the excerpt; the rest of a body is never read. */
  private static final int BODY_BYTES = 4096;

  private final HttpClient client;
  private final LongSupplier nanoTime;

  HttpProbe() {
    this(System::nanoTime);
  }

  HttpProbe(LongSupplier nanoTime) {
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    this.nanoTime = nanoTime;
  }

  /** What the GET came to. */
  sealed interface Answer permits Response, NoResponse {}

  /** The final response: its status and the start of its body, flattened to one line. */
  record Response(int status, String excerpt) implements Answer {}

  /** No final response: why (connection error, timeout, a redirect not followed). */
  record NoResponse(String why) implements Answer {}

  /**
   * GETs {@code url}; {@code followRedirects} false answers the first response as it is (for an
   * expected 3xx). Messages carry no query string or user info of any URL involved.
   */
  Answer get(String url, Duration timeout, boolean followRedirects) {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    URI uri = URI.create(url);
    for (int hop = 0; ; hop++) {
      long remaining = deadline - nanoTime.getAsLong();
      if (remaining <= 0) return timedOut(timeout);
      HttpResponse<byte[]> response;
      try {
        response = send(uri, Duration.ofNanos(remaining));
      } catch (TimeoutException e) {
        return timedOut(timeout);
      } catch (ExecutionException e) {
        return new NoResponse(UrlRedaction.scrub(describe(e.getCause(), timeout), url));
      }
      int status = response.statusCode();
      String location = response.headers().firstValue("location").orElse(null);
      if (!followRedirects || !isRedirect(status) || location == null) {
        return new Response(status, excerpt(response.body(), url));
      }
      URI next;
      try {
        next = uri.resolve(location);
      } catch (IllegalArgumentException e) {
        return new NoResponse(status + " redirect to an unreadable location");
      }
      if (!sameHost(uri, next)) {
        return new NoResponse(
            status
                + " redirect to another host, not followed: "
                + UrlRedaction.redact(next.toString()));
      }
      if (hop == MAX_REDIRECTS) {
        return new NoResponse("more than " + MAX_REDIRECTS + " redirects");
      }
      uri = next;
    }
  }

  private HttpResponse<byte[]> send(URI uri, Duration remaining)
      throws TimeoutException, ExecutionException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(remaining)
            .header("User-Agent", "slipway-preflight")
            .build();
    CompletableFuture<HttpResponse<byte[]>> sent =
        client.sendAsync(request, info -> new FirstBytes(BODY_BYTES));
    try {
      return sent.get(remaining.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      sent.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + uri.getHost(), e);
    } catch (TimeoutException e) {
      sent.cancel(true);
      throw e;
    }
  }

  private static NoResponse timedOut(Duration timeout) {
    return new NoResponse("timed out after " + timeout.toSeconds() + "s");
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Same host, and the same scheme and port or an upgrade from http to https's default port. */
  static boolean sameHost(URI from, URI to) {
    if (to.getHost() == null || !to.getHost().equalsIgnoreCase(from.getHost())) return false;
    String fromScheme = from.getScheme().toLowerCase(Locale.ROOT);
    String toScheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    if (fromScheme.equals(toScheme)) return port(from) == port(to);
    return fromScheme.equals("http") && toScheme.equals("https") && port(to) == 443;
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) return uri.getPort();
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String describe(Throwable error, Duration timeout) {
    if (error instanceof HttpConnectTimeoutException) return "connect timed out";
    if (error instanceof ConnectException) return "connection refused";
    if (error instanceof HttpTimeoutException)
      return "timed out after " + timeout.toSeconds() + "s";
    String message = error.getMessage();
    String kind = error.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }

  /**
   * The body's first characters as one line of at most {@link #EXCERPT_CHARS}, scrubbed of what the
   * URL may carry first (an error page often echoes the request).
   */
  static String excerpt(byte[] body, String url) {
    if (body == null || body.length == 0) return "";
    String text = UrlRedaction.scrub(new String(body, StandardCharsets.UTF_8), url);
    String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    if (line.codePointCount(0, line.length()) <= EXCERPT_CHARS) return line;
    return line.substring(0, line.offsetByCodePoints(0, EXCERPT_CHARS - 1)) + "…";
  }

  /** Collects at most {@code limit} bytes of a body, then stops reading it. */
  private static final class FirstBytes implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    FirstBytes(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        int n = Math.min(b.remaining(), limit - out.size());
        byte[] chunk = new byte[n];
        b.get(chunk);
        out.write(chunk, 0, n);
      }
      if (out.size() >= limit) {
        subscription.cancel();
        body.complete(out.toByteArray());
      } else {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable error) {
      body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      body.complete(out.toByteArray());
    }
  }
}
