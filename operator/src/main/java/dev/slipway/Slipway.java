package dev.slipway;

/** Command-line entry point. */
public class Slipway {
  public static void main(String[] args) {}
}
