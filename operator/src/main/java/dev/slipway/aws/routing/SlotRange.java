package dev.slipway.aws.routing;

/** An inclusive range of slot numbers (ports or rule priorities) an allocation may take from. */
public record SlotRange(int from, int to) {

  public SlotRange {
    if (from < 1 || from > to) {
      throw new IllegalArgumentException(
          "slot range must satisfy 1 <= from <= to, got " + from + "-" + to);
    }
  }

  public boolean contains(int number) {
    return number >= from && number <= to;
  }

  public int size() {
    return to - from + 1;
  }

  @Override
  public String toString() {
    return from + "-" + to;
  }
}
