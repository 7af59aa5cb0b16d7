package dev.slipway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Logger levels a test class changes and puts back. Every IT shares one JVM, so a level left at
 * ERROR silences the log lines a later class asserts on (ObservabilityIT did fail that way).
 */
public final class LogLevels {
  private final Map<String, Level> previous = new LinkedHashMap<>();

  private LogLevels() {}

  /** Sets {@code level} on each named logger, remembering what each had. */
  public static LogLevels set(Level level, List<String> names) {
    LogLevels levels = new LogLevels();
    for (String name : names) levels.change(name, level);
    return levels;
  }

  /** Sets one more logger, remembering what it had. */
  public LogLevels and(String name, Level level) {
    change(name, level);
    return this;
  }

  /** Puts every changed logger back to the level it had, in reverse order of change. */
  public void restore() {
    List<String> names = List.copyOf(previous.keySet());
    for (int i = names.size() - 1; i >= 0; i--) {
      logger(names.get(i)).setLevel(previous.get(names.get(i)));
    }
    previous.clear();
  }

  private void change(String name, Level level) {
    Logger logger = logger(name);
    previous.putIfAbsent(name, logger.getLevel());
    logger.setLevel(level);
  }

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }
}
