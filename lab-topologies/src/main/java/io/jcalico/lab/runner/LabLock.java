package io.jcalico.lab.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lab's exclusive lock, held by every command that changes the lab (deploy, destroy, pod
 * add/del) for its whole run, so that two of them never interleave their namespaces, processes
 * and {@code state.json} read-modify-writes.
 *
 * <p>The lock is a kernel file lock ({@link FileChannel#tryLock()}, a POSIX {@code fcntl} record
 * lock on Linux) on {@code <runtime dir>/<lab>.lock}: the kernel drops it when its process ends
 * however it ends, SIGKILL included, so there is never a stale lock to clear by hand. The file sits
 * beside the lab directory, not in it, and is never deleted: {@code destroy} deletes the lab
 * directory, and a lock on an unlinked file no longer excludes a process that opens the path anew.
 * While held, the file names its holder ({@link Holder} as JSON) for those who wait; the holder
 * empties it before letting go.
 *
 * <p>A POSIX lock belongs to a process, not to a thread or channel, and the JVM refuses a second
 * lock on the same file ({@code OverlappingFileLockException}); so threads of one JVM are first
 * ordered by a {@link ReentrantLock} per file, and a thread that already holds the lab's lock takes
 * it again for free (code that holds a lab through {@code LabRunner.lock} may still call destroy).
 * For the same reason the holder never opens the file a second time: closing any descriptor of a
 * file drops the process's POSIX locks on it.
 */
public final class LabLock implements AutoCloseable {
  /** How often a waiter tries the lock again. */
  private static final Duration POLL = Duration.ofMillis(50);
  /** How long a waiter gives a new holder to write its name before it says it waits for "another process". */
  private static final Duration NAME_GRACE = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Path, Slot> SLOTS = new ConcurrentHashMap<>();

  /** Who holds a lab's lock: what the lock file says while it is held. */
  public record Holder(long pid, String command, String since) {
    static Holder current(String command) {
      return new Holder(ProcessHandle.current().pid(), command, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** {@code pid 123 (lab deploy t.clab.yml, since 12:00:01)}. */
    public String describe() {
      String at = since;
      try {
        at = LocalTime.ofInstant(Instant.parse(since), ZoneId.systemDefault()).toString();
      } catch (RuntimeException e) {
        // an odd file: print what it says
      }
      return "pid " + pid + " (" + command + ", since " + at + ")";
    }
  }

  /**
   * The JVM's side of one lock file: threads queue on {@code threads}; only the thread that has
   * it reads the file, and it does so only while {@code holder} is null, that is, while this JVM
   * holds no kernel lock on the file ({@code holder} is set as soon as it is taken and cleared
   * once it is released).
   */
  private static final class Slot {
    final ReentrantLock threads = new ReentrantLock();
    volatile Holder holder;
  }

  private static Slot slot(Path file) {
    return SLOTS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Slot());
  }

  private final Slot slot;
  private final FileChannel channel; // null for a nested acquire by the holding thread
  private final FileLock lock;

  private LabLock(Slot slot, FileChannel channel, FileLock lock) {
    this.slot = slot;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code lab} (file {@code file}), waiting up to {@code timeout} for the
   * process that holds it; says once on {@code out} who that is. Throws
   * {@link LabLockTimeoutException} when the time is up, having changed nothing.
   */
  static LabLock acquire(Path file, String lab, String command, Duration timeout, PrintStream out) {
    Slot slot = slot(file);
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    boolean announced = false;
    if (!slot.threads.tryLock()) {
      Holder h = slot.holder;
      out.println(waiting(lab, h == null ? "another thread of this process" : h.describe(), timeout));
      announced = true;
      try {
        if (!slot.threads.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          Holder now = slot.holder;
          throw timedOut(lab, Optional.ofNullable(now), timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabException("interrupted while waiting for the lock of lab " + lab);
      }
    }
    if (slot.threads.getHoldCount() > 1) {
      return new LabLock(slot, null, null);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      while ((lock = channel.tryLock()) == null) {
        if (!announced) {
          Optional<Holder> h = readHolder(file);
          if (h.isPresent() || System.nanoTime() - start > NAME_GRACE.toNanos()) {
            out.println(waiting(lab, h.map(Holder::describe).orElse("another process"), timeout));
            announced = true;
          }
        }
        if (System.nanoTime() > deadline) {
          throw timedOut(lab, readHolder(file), timeout);
        }
        Thread.sleep(POLL.toMillis());
      }
      Holder me = Holder.current(command);
      slot.holder = me;
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(me)), 0);
      return new LabLock(slot, channel, lock);
    } catch (IOException e) {
      giveUp(slot, channel);
      throw new UncheckedIOException("cannot lock lab " + lab + " (" + file + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      giveUp(slot, channel);
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while waiting for the lock of lab " + lab);
    } catch (RuntimeException | Error e) {
      giveUp(slot, channel);
      throw e;
    }
  }

  /**
   * Who holds the lock of that file now (this process or another); empty when nobody does, or
   * when a new holder has not written its name yet.
   */
  static Optional<Holder> holder(Path file) {
    Slot slot = slot(file);
    if (!slot.threads.tryLock()) {
      return Optional.ofNullable(slot.holder); // a thread here holds it or is taking it: the file is not ours to read
    }
    try {
      return slot.holder != null ? Optional.of(slot.holder) : readHolder(file);
    } finally {
      slot.threads.unlock();
    }
  }

  /**
   * The holder the file names, if that process still runs (a SIGKILLed holder had no time to wipe
   * its name). Only while no thread of this JVM holds the lock: see the class comment.
   */
  private static Optional<Holder> readHolder(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return bytes.length == 0 ? Optional.empty()
          : Optional.of(JSON.readValue(bytes, Holder.class)).filter(h -> ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false));
    } catch (IOException e) {
      return Optional.empty(); // no file yet, or half written by a holder writing it right now
    }
  }

  /** Whether this thread holds the lock of that file (state.json is only written under it). */
  static boolean heldByCurrentThread(Path file) {
    Slot slot = SLOTS.get(file.toAbsolutePath().normalize());
    return slot != null && slot.threads.isHeldByCurrentThread();
  }

  private static String waiting(String lab, String holder, Duration timeout) {
    return "lab " + lab + " is locked by " + holder + "; waiting up to " + seconds(timeout) + " (--lock-timeout)";
  }

  private static LabLockTimeoutException timedOut(String lab, Optional<Holder> holder, Duration timeout) {
    String who = holder.map(Holder::describe).orElse("another process");
    String kill = holder.map(h -> " (kill " + h.pid() + ")").orElse("");
    return new LabLockTimeoutException("lab " + lab + " is still locked by " + who + " after " + seconds(timeout)
        + "; nothing was changed. Try again when it is done, wait longer (--lock-timeout SECONDS), or end that"
        + " process if it hangs" + kill + ": its lock goes with it");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
  }

  /** Lets go: the name is wiped first, so a waiter never reads a holder that is gone. */
  @Override
  public void close() {
    try {
      if (channel != null) {
        try {
          channel.truncate(0);
          lock.release();
        } catch (IOException e) {
          // closing the channel below releases the lock anyway
        }
        closeQuietly(channel);
        slot.holder = null;
      }
    } finally {
      slot.threads.unlock();
    }
  }

  /** An acquire that failed: what it opened is closed, the next thread may try. */
  private static void giveUp(Slot slot, FileChannel channel) {
    closeQuietly(channel);
    slot.holder = null;
    slot.threads.unlock();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to undo
      }
    }
  }
}
