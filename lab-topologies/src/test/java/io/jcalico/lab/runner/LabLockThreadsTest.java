package io.jcalico.lab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab's lock within one JVM (other processes: {@code ConcurrentLabCommandsTest}): the holding
 * thread takes it again for free (deploy's cleanup runs destroy's steps), another thread waits,
 * says once who holds it and gets it on release, or gives up at its timeout naming the holder;
 * the lock file names the holder only while it is held.
 */
class LabLockThreadsTest {
  private static final long ME = ProcessHandle.current().pid();

  @TempDir
  Path dir;
  private final ByteArrayOutputStream notices = new ByteArrayOutputStream();
  private final PrintStream noticeStream = new PrintStream(notices, true, StandardCharsets.UTF_8);

  private Path file() {
    return dir.resolve("lab.lock");
  }

  private LabLock acquire(String command, Duration timeout) {
    return LabLock.acquire(file(), "x", command, timeout, noticeStream);
  }

  @Test
  void theHolderTakesItAgainForFreeAndItsNameGoesWithTheOuterRelease() throws IOException {
    try (LabLock outer = acquire("lab deploy x.clab.yml", Duration.ZERO)) {
      assertThat(LabLock.holder(file())).hasValueSatisfying(h -> {
        assertThat(h.pid()).isEqualTo(ME);
        assertThat(h.command()).isEqualTo("lab deploy x.clab.yml");
      });
      assertThat(LabLock.heldByCurrentThread(file())).isTrue();
      try (LabLock inner = acquire("lab destroy x.clab.yml", Duration.ZERO)) {
        assertThat(LabLock.holder(file()).orElseThrow().command()).isEqualTo("lab deploy x.clab.yml");
      }
      assertThat(LabLock.heldByCurrentThread(file())).isTrue();
      assertThat(Files.size(file())).as("the name in the file").isPositive();
    }
    assertThat(LabLock.heldByCurrentThread(file())).isFalse();
    assertThat(LabLock.holder(file())).isEmpty();
    assertThat(Files.size(file())).isZero();
    assertThat(notices.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anotherThreadWaitsSaysOnceWhoHoldsItAndGetsItOnRelease() throws Exception {
    CompletableFuture<String> second;
    try (LabLock held = acquire("lab deploy x.clab.yml", Duration.ZERO)) {
      second = CompletableFuture.supplyAsync(() -> {
        try (LabLock l = acquire("lab pod add x.clab.yml n1 p1", Duration.ofSeconds(30))) {
          return LabLock.holder(file()).orElseThrow().command();
        }
      });
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> notices.toString(StandardCharsets.UTF_8).contains("lab x is locked by pid " + ME + " (lab deploy x.clab.yml, since "));
      Thread.sleep(300);
      assertThat(second).as("still waiting").isNotDone();
    }
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("lab pod add x.clab.yml n1 p1");
    assertThat(notices.toString(StandardCharsets.UTF_8)).containsOnlyOnce("waiting up to 30 s (--lock-timeout)");
    assertThat(LabLock.holder(file())).isEmpty();
  }

  @Test
  void aWaitThatTimesOutNamesTheHolderAndLeavesItHeld() {
    try (LabLock held = acquire("lab deploy x.clab.yml", Duration.ZERO)) {
      CompletableFuture<LabLock> second = CompletableFuture.supplyAsync(() -> acquire("lab destroy x.clab.yml", Duration.ofMillis(300)));
      assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LabLockTimeoutException.class)
          .hasMessageContaining("lab x is still locked by pid " + ME + " (lab deploy x.clab.yml, since ")
          .hasMessageContaining("after 0.3 s; nothing was changed")
          .hasMessageContaining("(kill " + ME + ")");
      assertThat(LabLock.holder(file()).orElseThrow().command()).isEqualTo("lab deploy x.clab.yml");
    }
    try (LabLock again = acquire("lab destroy x.clab.yml", Duration.ZERO)) {
      assertThat(LabLock.holder(file()).orElseThrow().command()).isEqualTo("lab destroy x.clab.yml");
    }
  }
}
