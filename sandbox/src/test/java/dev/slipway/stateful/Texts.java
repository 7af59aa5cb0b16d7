package dev.slipway.stateful;

import java.util.regex.Pattern;

/** What counts as a named reason and as a raw exception text in status. */
final class Texts {
  private static final Pattern REASON = Pattern.compile("^[A-Z][A-Za-z0-9]*$");
  private static final Pattern EXCEPTION =
      Pattern.compile("\\b[A-Z][A-Za-z0-9]*(Exception|Error)\\b|\\n\\s*at [a-z]|\\bjava\\.[a-z]");

  private Texts() {}

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A CamelCase reason a person (and an alert) can match on. */
  static boolean namedReason(String reason) {
    return reason != null && REASON.matcher(reason).matches();
  }

  /** A Java exception's class name or stack frame: something only the operator's author reads. */
  static boolean looksLikeException(String message) {
    return message != null && EXCEPTION.matcher(message).find();
  }

  /** An exception with the innermost Slipway frame that threw it, for the driver's pass log. */
  static String brief(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String where = "";
    for (StackTraceElement frame : root.getStackTrace()) {
      if (frame.getClassName().startsWith("dev.slipway")
          && !frame.getClassName().contains("stateful")) {
        where =
            " at "
                + frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1)
                + "."
                + frame.getMethodName()
                + ":"
                + frame.getLineNumber();
        break;
      }
    }
    return shorten(e.toString())
        + (root == e ? "" : " (cause " + shorten(root.toString()) + ")")
        + where;
  }

  static String shorten(String s) {
    if (s == null) return "null";
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
