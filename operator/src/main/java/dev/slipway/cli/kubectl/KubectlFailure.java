package dev.slipway.cli.kubectl;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * Why a {@code kubectl slipway} verb stopped, with its exit code: 1 when the cluster answered no
 * (not found, refused, forbidden), 3 when it could not be asked at all.
 */
public final class KubectlFailure extends RuntimeException {
  public static final int REFUSED = 1;
  public static final int UNREACHABLE = 3;

  private final int exitCode;

  private KubectlFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static KubectlFailure refused(String message) {
    return new KubectlFailure(REFUSED, message, null);
  }

  public static KubectlFailure unreachable(String message, Throwable cause) {
    return new KubectlFailure(UNREACHABLE, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }

  /**
   * What a client error means for the person: no answer (connection refused, timeout, unknown host)
   * is "cannot reach", anything the server answered is a refusal with the server's own words.
   */
  public static KubectlFailure of(KubernetesClientException e, String server) {
    if (e.getCode() <= 0 && causedByIo(e)) {
      return unreachable("cannot reach the Kubernetes API at " + server + ": " + rootMessage(e), e);
    }
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return new KubectlFailure(REFUSED, "the Kubernetes API refused: " + message, e);
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) return true;
    }
    return false;
  }

  /** The network's reason in words: the JDK client's exceptions often carry no message. */
  private static String rootMessage(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      String detail = t.getMessage() == null ? "" : " (" + t.getMessage() + ")";
      if (t instanceof ConnectException) return "connection refused" + detail;
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        return "timed out" + detail;
      }
      if (t instanceof UnknownHostException) return "unknown host" + detail;
      if (t instanceof SSLException) return "TLS failed" + detail;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
    }
    return e.getMessage();
  }
}
