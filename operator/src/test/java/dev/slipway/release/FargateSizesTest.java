package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Fargate size table and the cpu/memory spellings ECS converts. */
class FargateSizesTest {

  @Test
  void theCrdCarriesExactlyTheJavaTable() {
    assertThat(FargateSizes.CEL_TABLE).isEqualTo(FargateSizes.celTable());
    assertThat(FargateSizes.CEL_TABLE_TEXT).isEqualTo(FargateSizes.celTableText());
    assertThat(FargateSizes.CEL_WINDOWS_CPUS).isEqualTo(FargateSizes.celWindowsCpus());
    assertThat(FargateSizes.CEL_OLD_PLATFORMS).isEqualTo(FargateSizes.celOldPlatforms());
  }

  @ParameterizedTest(name = "cpu {0}, memory {1}: {2}")
  @CsvSource({
    "256, 512, true",
    "256, 1024, true",
    "256, 2048, true",
    "256, 1536, false",
    "256, 3072, false",
    "256, 0, false",
    "512, 1024, true",
    "512, 4096, true",
    "512, 512, false",
    "512, 5120, false",
    "1024, 2048, true",
    "1024, 8192, true",
    "1024, 9216, false",
    "2048, 4096, true",
    "2048, 16384, true",
    "2048, 3072, false",
    "2048, 17408, false",
    "2048, 4608, false",
    "4096, 8192, true",
    "4096, 30720, true",
    "4096, 31744, false",
    "8192, 16384, true",
    "8192, 20480, true",
    "8192, 61440, true",
    "8192, 17408, false",
    "8192, 65536, false",
    "16384, 32768, true",
    "16384, 40960, true",
    "16384, 122880, true",
    "16384, 36864, false",
    "16384, 131072, false",
    "300, 512, false",
    "32768, 65536, false"
  })
  void linuxSizes(int cpu, int memory, boolean accepted) {
    assertThat(FargateSizes.accepts(cpu, memory, false)).isEqualTo(accepted);
  }

  @ParameterizedTest(name = "Windows cpu {0}: {1}")
  @CsvSource({"256, false", "512, false", "1024, true", "2048, true", "4096, true", "8192, false"})
  void windowsTakesOneTwoOrFourVcpu(int cpu, boolean accepted) {
    int memory = FargateSizes.forCpu(cpu).orElseThrow().memory().get(0);
    assertThat(FargateSizes.accepts(cpu, memory, true)).isEqualTo(accepted);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "512, 512",
    "1 vCPU, 1024",
    ".25 vCPU, 256",
    "0.5 vCPU, 512",
    "16 vCPU, 16384",
    "00256, 256"
  })
  void cpuSpellings(String cpu, int units) {
    assertThat(FargateSizes.cpuUnits(cpu)).hasValue(units);
  }

  @ParameterizedTest
  @CsvSource({"1vcpu", "1 vcpu", "1.2.3 vCPU", "abc", "-1", "1. vCPU", "''"})
  void cpuNonsense(String cpu) {
    assertThat(FargateSizes.cpuUnits(cpu)).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"1024, 1024", "1024 MB, 1024", "2 GB, 2048", "0.5 GB, 512", "120 GB, 122880", "0, 0"})
  void memorySpellings(String memory, int mib) {
    assertThat(FargateSizes.memoryMiB(memory)).hasValue(mib);
  }

  @ParameterizedTest
  @CsvSource({"1GB", "2 gb", "1 TB", "lots", "99999999999"})
  void memoryNonsense(String memory) {
    assertThat(FargateSizes.memoryMiB(memory)).isEmpty();
  }

  @Test
  void theMemoryMessageListsWhatWouldFit() {
    assertThat(FargateSizes.memoryMessage("0", "256", FargateSizes.forCpu(256).orElseThrow()))
        .isEqualTo(
            "on Fargate, memory 0 does not fit cpu 256; valid memory values (MiB): 512, 1024, 2048");
  }
}
