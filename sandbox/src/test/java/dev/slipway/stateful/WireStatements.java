package dev.slipway.stateful;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads the SQL a client sends through a {@link TcpProxy}, so the test sees which statements the
 * operator issued (and during whose pass) without relying on Slipway's own datastore code: MySQL
 * COM_QUERY packets and PostgreSQL Query and Parse messages. Anything else passes unread.
 */
final class WireStatements {
  private WireStatements() {}

  /** Bytes from one connection's client, in order. */
  interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  /** MySQL/MariaDB: 3-byte little-endian length, sequence byte, payload; 0x03 is COM_QUERY. */
  static Sink mysql(Consumer<String> statements) {
    return new Framed(statements) {
      @Override
      int frameLength(byte[] b, int at, int available) {
        if (available < 4) return -1;
        return 4 + ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16);
      }

      @Override
      void frame(byte[] b, int at, int length) {
        if (length > 5 && b[at + 4] == 0x03) {
          statements.accept(new String(b, at + 5, length - 5, StandardCharsets.UTF_8));
        }
      }
    };
  }

  /**
   * PostgreSQL: the startup message has no type byte, every later message a type byte and a 4-byte
   * big-endian length; 'Q' carries a query, 'P' a statement name and then the query.
   */
  static Sink postgres(Consumer<String> statements) {
    return new Framed(statements) {
      private boolean started;

      @Override
      int frameLength(byte[] b, int at, int available) {
        int header = started ? 5 : 4;
        if (available < header) return -1;
        int lengthAt = started ? at + 1 : at;
        int length =
            (b[lengthAt] & 0xff) << 24
                | (b[lengthAt + 1] & 0xff) << 16
                | (b[lengthAt + 2] & 0xff) << 8
                | (b[lengthAt + 3] & 0xff);
        return (started ? 1 : 0) + length;
      }

      @Override
      void frame(byte[] b, int at, int length) {
        if (!started) {
          started = true;
          return;
        }
        if (b[at] == 'Q') {
          statements.accept(cstring(b, at + 5, at + length));
        } else if (b[at] == 'P') {
          int name = indexOfZero(b, at + 5, at + length);
          if (name >= 0) statements.accept(cstring(b, name + 1, at + length));
        }
      }
    };
  }

  private static String cstring(byte[] b, int from, int end) {
    int zero = indexOfZero(b, from, end);
    return new String(b, from, (zero < 0 ? end : zero) - from, StandardCharsets.UTF_8);
  }

  private static int indexOfZero(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) if (b[i] == 0) return i;
    return -1;
  }

  /** Buffers a byte stream and cuts it into frames of a length the protocol announces. */
  private abstract static class Framed implements Sink {
    final Consumer<String> statements;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Framed(Consumer<String> statements) {
      this.statements = statements;
    }

    /** The whole frame's length starting at {@code at}, or -1 if its header is incomplete. */
    abstract int frameLength(byte[] b, int at, int available);

    abstract void frame(byte[] b, int at, int length);

    @Override
    public void accept(byte[] bytes, int offset, int length) {
      pending.write(bytes, offset, length);
      byte[] b = pending.toByteArray();
      int at = 0;
      while (true) {
        int frame = frameLength(b, at, b.length - at);
        if (frame < 0 || b.length - at < frame) break;
        frame(b, at, frame);
        at += frame;
      }
      pending.reset();
      pending.write(b, at, b.length - at);
    }
  }
}
