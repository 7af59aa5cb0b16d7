package dev.slipway.sandbox.kube;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protobuf wire format one field at a time: just enough to decode the few Kubernetes
 * messages typed kubectl commands send, without a protobuf runtime or generated classes.
 */
final class ProtoReader {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final byte[] data;
  private final int end;
  private int position;

  ProtoReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new Malformed("truncated message");
    }
    this.data = data;
    this.position = offset;
    this.end = offset + length;
  }

  static ProtoReader of(byte[] data) {
    return new ProtoReader(data, 0, data.length);
  }

  boolean hasNext() {
    return position < end;
  }

  /** One field as read: varints and fixed-width numbers in {@code number}, the rest in bytes. */
  record Field(int tag, long number, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    boolean bool() {
      return number != 0;
    }

    ProtoReader message() {
      return ProtoReader.of(bytes);
    }

    /** Zero, empty text or an empty message: what Go's encoder writes for an unset field. */
    boolean isEmpty() {
      return number == 0 && bytes.length == 0;
    }
  }

  Field next() {
    long key = varint();
    int tag = (int) (key >>> 3);
    int wireType = (int) (key & 7);
    return switch (wireType) {
      case VARINT -> new Field(tag, varint(), new byte[0]);
      case FIXED64 -> new Field(tag, fixed(8), new byte[0]);
      case FIXED32 -> new Field(tag, fixed(4), new byte[0]);
      case LENGTH_DELIMITED -> new Field(tag, 0, bytes((int) varint()));
      default -> throw new Malformed("unsupported wire type " + wireType + " of field " + tag);
    };
  }

  private long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = read();
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new Malformed("varint longer than 64 bits");
  }

  private long fixed(int width) {
    long value = 0;
    for (int i = 0; i < width; i++) {
      value |= (long) (read() & 0xff) << (8 * i);
    }
    return value;
  }

  private byte[] bytes(int length) {
    if (length < 0 || position + length > end) {
      throw new Malformed("truncated message");
    }
    byte[] slice = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return slice;
  }

  private byte read() {
    if (position >= end) {
      throw new Malformed("truncated message");
    }
    return data[position++];
  }

  /** The bytes are not a well-formed protobuf message. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }
}
