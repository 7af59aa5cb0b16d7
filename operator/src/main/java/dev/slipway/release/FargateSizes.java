package dev.slipway.release;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The task sizes Fargate accepts, and the task-level cpu/memory spellings ECS converts.
 *
 * <p>Source: the Amazon ECS Developer Guide, "Troubleshoot Amazon ECS task definition invalid CPU
 * or memory errors" (docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html),
 * and the same table under RegisterTaskDefinition's {@code memory} in the ECS API reference. The
 * table applies to every task definition whose requiresCompatibilities includes FARGATE, even if
 * EC2 is listed too. 8 and 16 vCPU need Linux platform version 1.4.0 or later; Windows tasks on
 * Fargate take 1, 2 or 4 vCPU.
 *
 * <p>The CRD carries the same table as a CEL map ({@link #CEL_TABLE}); a unit test keeps the two
 * equal, so admission and the operator refuse exactly the same sizes.
 */
public final class FargateSizes {
  /** One row: a task CPU size (CPU units) and the memory sizes (MiB) Fargate pairs with it. */
  public record Size(int cpu, List<Integer> memory, boolean windows) {}

  public static final List<Size> TABLE =
      List.of(
          new Size(256, List.of(512, 1024, 2048), false),
          new Size(512, steps(1024, 4096, 1024), false),
          new Size(1024, steps(2048, 8192, 1024), true),
          new Size(2048, steps(4096, 16384, 1024), true),
          new Size(4096, steps(8192, 30720, 1024), true),
          new Size(8192, steps(16384, 61440, 4096), false),
          new Size(16384, steps(32768, 122880, 8192), false));

  /** The CPU sizes that need Fargate platform version 1.4.0 or later start here. */
  public static final int PLATFORM_1_4_FROM = 8192;

  /** Linux platform versions older than 1.4.0 (LATEST and 1.4.0 take every size). */
  public static final List<String> OLD_PLATFORMS = List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0");

  /** {@link #OLD_PLATFORMS} as a CEL list (pinned by a test). */
  public static final String CEL_OLD_PLATFORMS = "['1.0.0', '1.1.0', '1.2.0', '1.3.0']";

  /** {@link #TABLE} as a CEL map from CPU units to memory sizes (pinned by a test). */
  public static final String CEL_TABLE =
      "{256: [512, 1024, 2048], 512: [1024, 2048, 3072, 4096], 1024: [2048, 3072, 4096, 5120,"
          + " 6144, 7168, 8192], 2048: [4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288,"
          + " 13312, 14336, 15360, 16384], 4096: [8192, 9216, 10240, 11264, 12288, 13312, 14336,"
          + " 15360, 16384, 17408, 18432, 19456, 20480, 21504, 22528, 23552, 24576, 25600, 26624,"
          + " 27648, 28672, 29696, 30720], 8192: [16384, 20480, 24576, 28672, 32768, 36864, 40960,"
          + " 45056, 49152, 53248, 57344, 61440], 16384: [32768, 40960, 49152, 57344, 65536, 73728,"
          + " 81920, 90112, 98304, 106496, 114688, 122880]}";

  /**
   * {@link #TABLE} as a CEL map from CPU units to the memory sizes already written out, for the
   * message: kube-apiserver estimates {@code map(...).join(...)} over a looked-up list as unbounded
   * and refuses the CRD, while indexing a map of strings costs next to nothing (pinned by a test).
   */
  public static final String CEL_TABLE_TEXT =
      "{256: '512, 1024, 2048', 512: '1024, 2048, 3072, 4096', 1024: '2048, 3072, 4096,"
          + " 5120, 6144, 7168, 8192', 2048: '4096, 5120, 6144, 7168, 8192, 9216, 10240,"
          + " 11264, 12288, 13312, 14336, 15360, 16384', 4096: '8192, 9216, 10240, 11264,"
          + " 12288, 13312, 14336, 15360, 16384, 17408, 18432, 19456, 20480, 21504, 22528,"
          + " 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720', 8192: '16384, 20480,"
          + " 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440', 16384:"
          + " '32768, 40960, 49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688,"
          + " 122880'}";

  /** The CPU sizes Windows tasks may use, as a CEL list (pinned by a test). */
  public static final String CEL_WINDOWS_CPUS = "[1024, 2048, 4096]";

  /** The CRD pattern for task cpu: CPU units, or vCPUs written "1 vCPU" / ".25 vCPU". */
  public static final String CPU_PATTERN = "^[0-9]+( vCPU)?$|^[0-9]*\\.[0-9]+ vCPU$";

  /** The CRD pattern for task memory: MiB, "1024 MB", or GB written "2 GB" / "0.5 GB". */
  public static final String MEMORY_PATTERN = "^[0-9]+( MB| GB)?$|^[0-9]*\\.[0-9]+ GB$";

  /** CEL for the cpu in CPU units; {@code cpu} is the expression of the string field. */
  private static final String CEL_CPU_UNITS_OF_SELF =
      "(self.cpu.endsWith(' vCPU') ? int(double(self.cpu.replace(' vCPU', '')) * 1024.0)"
          + " : int(self.cpu))";

  private static final String CEL_MEMORY_MIB_OF_SELF =
      "(self.memory.endsWith(' GB') ? int(double(self.memory.replace(' GB', '')) * 1024.0)"
          + " : int(self.memory.replace(' MB', '')))";

  /** A task definition (self) whose table check applies: FARGATE in requiresCompatibilities. */
  private static final String CEL_FARGATE_COMPATIBLE =
      "(!has(self.requiresCompatibilities) || 'FARGATE' in self.requiresCompatibilities)";

  private static final String CEL_WINDOWS =
      "(has(self.runtimePlatform) && has(self.runtimePlatform.operatingSystemFamily)"
          + " && self.runtimePlatform.operatingSystemFamily.startsWith('WINDOWS'))";

  /** CEL on the task definition: a Fargate task has a cpu size Fargate offers. */
  public static final String CEL_CPU_RULE =
      "!"
          + CEL_FARGATE_COMPATIBLE
          + " || (has(self.cpu) && "
          + CEL_CPU_UNITS_OF_SELF
          + " in "
          + CEL_TABLE
          + " && (!"
          + CEL_WINDOWS
          + " || "
          + CEL_CPU_UNITS_OF_SELF
          + " in "
          + CEL_WINDOWS_CPUS
          + "))";

  public static final String CPU_MESSAGE =
      "on Fargate, cpu must be one of 256, 512, 1024, 2048, 4096, 8192 or 16384 CPU units"
          + " (.25 to 16 vCPU; Windows: 1024, 2048 or 4096)";

  /** CEL on the task definition: a Fargate task's memory is one its cpu size pairs with. */
  public static final String CEL_MEMORY_RULE =
      "!"
          + CEL_FARGATE_COMPATIBLE
          + " || !has(self.cpu) || !("
          + CEL_CPU_UNITS_OF_SELF
          + " in "
          + CEL_TABLE
          + ") || (has(self.memory) && "
          + CEL_MEMORY_MIB_OF_SELF
          + " in "
          + CEL_TABLE
          + "["
          + CEL_CPU_UNITS_OF_SELF
          + "])";

  /** The same words as {@link #memoryMessage}, computed by the API server. */
  public static final String CEL_MEMORY_MESSAGE =
      "'on Fargate, memory ' + (has(self.memory) ? self.memory : '(unset)') + ' does not fit cpu '"
          + " + self.cpu + '; valid memory values (MiB): ' + "
          + CEL_TABLE_TEXT
          + "["
          + CEL_CPU_UNITS_OF_SELF
          + "]";

  public static final String MEMORY_MESSAGE =
      "on Fargate, memory must be one of the sizes Fargate pairs with the task's cpu";

  /** CEL on the ServiceRelease spec: 8 and 16 vCPU need platform version 1.4.0 or later. */
  public static final String CEL_PLATFORM_RULE =
      "!has(self.service) || !has(self.service.platformVersion) || !(self.service.platformVersion"
          + " in "
          + CEL_OLD_PLATFORMS
          + ") || !has(self.taskDefinition.cpu) || (self.taskDefinition.cpu.endsWith(' vCPU') ?"
          + " int(double(self.taskDefinition.cpu.replace(' vCPU', '')) * 1024.0) :"
          + " int(self.taskDefinition.cpu)) < 8192";

  public static final String PLATFORM_MESSAGE =
      "8 and 16 vCPU Fargate tasks need platform version 1.4.0 or later (or LATEST)";

  /**
   * CEL on the ServiceRelease spec: a service that runs on Fargate (launchType FARGATE, no launch
   * type and no strategy, which {@link DesiredService} turns into FARGATE, or a FARGATE /
   * FARGATE_SPOT capacity provider) needs a task definition compatible with Fargate, which is also
   * what puts it under the table above.
   */
  public static final String CEL_COMPATIBILITY_RULE =
      "!has(self.taskDefinition.requiresCompatibilities)"
          + " || 'FARGATE' in self.taskDefinition.requiresCompatibilities"
          + " || !(!has(self.service) || ((has(self.service.capacityProviderStrategy)"
          + " && size(self.service.capacityProviderStrategy) > 0)"
          + " ? self.service.capacityProviderStrategy.exists(i, i.capacityProvider == 'FARGATE'"
          + " || i.capacityProvider == 'FARGATE_SPOT')"
          + " : (!has(self.service.launchType) || self.service.launchType == 'FARGATE')))";

  public static final String COMPATIBILITY_MESSAGE =
      "the service runs on Fargate (launchType FARGATE, the default, or a FARGATE or FARGATE_SPOT"
          + " capacity provider), so requiresCompatibilities must include FARGATE";

  private FargateSizes() {}

  /** CPU units from "512", "1 vCPU" or ".25 vCPU"; empty when the text is none of these. */
  public static Optional<Integer> cpuUnits(String cpu) {
    if (cpu == null || !cpu.matches(CPU_PATTERN)) return Optional.empty();
    // Truncating like CEL's int(double) keeps the API server and the operator on one verdict.
    return cpu.endsWith(" vCPU")
        ? Optional.of((int) (Double.parseDouble(cpu.replace(" vCPU", "")) * 1024.0))
        : parseInt(cpu);
  }

  /** MiB from "1024", "1024 MB", "2 GB" or "0.5 GB"; empty when the text is none of these. */
  public static Optional<Integer> memoryMiB(String memory) {
    if (memory == null || !memory.matches(MEMORY_PATTERN)) return Optional.empty();
    return memory.endsWith(" GB")
        ? Optional.of((int) (Double.parseDouble(memory.replace(" GB", "")) * 1024.0))
        : parseInt(memory.replace(" MB", ""));
  }

  /** The row for a CPU size, if Fargate offers it. */
  public static Optional<Size> forCpu(int cpuUnits) {
    return TABLE.stream().filter(s -> s.cpu() == cpuUnits).findFirst();
  }

  /** Whether Fargate runs a task of this cpu and memory (both already converted). */
  public static boolean accepts(int cpuUnits, int memoryMiB, boolean windows) {
    return forCpu(cpuUnits)
        .filter(s -> !windows || s.windows())
        .map(s -> s.memory().contains(memoryMiB))
        .orElse(false);
  }

  /** The message for a memory value that does not fit a (valid) cpu: lists what would. */
  public static String memoryMessage(String memory, String cpu, Size size) {
    return "on Fargate, memory "
        + (memory == null ? "(unset)" : memory)
        + " does not fit cpu "
        + cpu
        + "; valid memory values (MiB): "
        + size.memory().stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /** {@link #TABLE} rendered as the CEL map literal (what {@link #CEL_TABLE} must equal). */
  static String celTable() {
    return celMap("[", "]");
  }

  static String celTableText() {
    return celMap("'", "'");
  }

  /**
   * {@link #TABLE} as a CEL map literal, each memory list between {@code open} and {@code close}.
   */
  private static String celMap(String open, String close) {
    return TABLE.stream()
        .map(
            s ->
                s.cpu()
                    + ": "
                    + s.memory().stream()
                        .map(String::valueOf)
                        .collect(Collectors.joining(", ", open, close)))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  static String celOldPlatforms() {
    return OLD_PLATFORMS.stream()
        .map(p -> "'" + p + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static String celWindowsCpus() {
    return TABLE.stream()
        .filter(Size::windows)
        .map(s -> String.valueOf(s.cpu()))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static List<Integer> steps(int from, int to, int step) {
    return IntStream.rangeClosed(0, (to - from) / step).map(i -> from + i * step).boxed().toList();
  }

  private static Optional<Integer> parseInt(String digits) {
    try {
      return Optional.of(Integer.valueOf(digits));
    } catch (NumberFormatException e) {
      return Optional.empty(); // more digits than an int holds: no Fargate size anyway
    }
  }
}
