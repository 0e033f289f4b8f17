package io.jcalico.felix.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands out uniquely named network namespaces ({@code jct-<pid>-<n>-<role>}) and deletes every
 * one of them after each test, whether it passed or not. Use with {@code @RegisterExtension}.
 */
public final class NetnsExtension implements AfterEachCallback {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private final Deque<TestNetns> created = new ArrayDeque<>();

  /** A fresh namespace; {@code role} (a few letters) only makes names readable. */
  public synchronized TestNetns create(String role) {
    String name = "jct-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + role;
    TestNetns ns = new TestNetns(name);
    created.push(ns);
    return ns;
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    RuntimeException first = null;
    while (!created.isEmpty()) {
      try {
        created.pop().close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
