package dev.slipway.realapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
  private final List<Entry> read = new ArrayList<>();
  private long consumed;

  AuditLog(ControlPlane plane) {
    this.file = plane.dir().resolve("audit.log");
  }

  /** Every completed request by this user so far. */
  List<Entry> by(String user) {
    return all().stream().filter(e -> e.user().equals(user)).toList();
  }

  /** This user's requests the server refused as forbidden. */
  List<Entry> forbidden(String user) {
    return by(user).stream().filter(e -> e.code() == 403).toList();
  }

  /**
   * Every completed request so far. The file only grows, so each call parses just the lines added
   * since the last one: cheap enough to check while a test waits.
   */
  private synchronized List<Entry> all() {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      // Rotated (at 200 MB): what was read stays, the new file is read from its start.
      if (in.length() < consumed) consumed = 0;
      byte[] added = new byte[Math.toIntExact(in.length() - consumed)];
      in.seek(consumed);
      in.readFully(added);
      // The server may be in the middle of a line: take complete lines only.
      int end = lastNewline(added);
      for (String line : new String(added, 0, end, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) parse(line);
      }
      consumed += end;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(read);
  }

  private void parse(String line) throws IOException {
    JsonNode event = JSON.readTree(line);
    if (!"ResponseComplete".equals(event.path("stage").asText())) {
      return;
    }
    read.add(
        new Entry(
            event.at("/user/username").asText(),
            event.path("verb").asText(),
            event.path("requestURI").asText(),
            event.at("/responseStatus/code").asInt(),
            event.at("/responseStatus/message").asText("")));
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') return i + 1;
    }
    return 0;
  }
}
