package dev.slipway.realapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kube-apiserver's audit log (one JSON event per line, written by the control plane script's
 * policy): what the server itself answered each identity, independent of what a client reports.
 */
final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the server recorded it. */
  record Entry(String user, String verb, String uri, int code, String reason) {
    @Override
    public String toString() {
      return code
          + " "
          + verb
          + " "
          + uri
          + " by "
          + user
          + (reason.isEmpty() ? "" : ": " + reason);
    }
  }

  private final Path file;

  AuditLog(ControlPlane plane) {
    this.file = plane.dir().resolve("audit.log");
  }

  /** Every completed request by this user so far. */
  List<Entry> by(String user) {
    List<Entry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        JsonNode event = JSON.readTree(line);
        if (!"ResponseComplete".equals(event.path("stage").asText())) {
          continue;
        }
        if (!user.equals(event.at("/user/username").asText())) {
          continue;
        }
        entries.add(
            new Entry(
                user,
                event.path("verb").asText(),
                event.path("requestURI").asText(),
                event.at("/responseStatus/code").asInt(),
                event.at("/responseStatus/message").asText("")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** This user's requests the server refused as forbidden. */
  List<Entry> forbidden(String user) {
    return by(user).stream().filter(e -> e.code() == 403).toList();
  }
}
