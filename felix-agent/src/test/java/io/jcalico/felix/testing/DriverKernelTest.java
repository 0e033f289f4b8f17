package io.jcalico.felix.testing;

import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kernel tests of the policy drivers (iptables, ipset, nft) stand on: a network
 * namespace of their own per test (deleted after it), a runner into it that records what was
 * written, a clock the test moves, and the two states the drivers move between: the
 * {@link PolicyFixture} cluster with db's policy only, and with web's too.
 */
public abstract class DriverKernelTest {
  @RegisterExtension protected final NetnsExtension netns = new NetnsExtension();
  protected final ManualClock clock = new ManualClock();
  protected TestNetns ns;
  protected RecordingRunner runner;
  private final String role;

  /** {@code role} names the namespaces (a few letters). */
  protected DriverKernelTest(String role) {
    this.role = role;
  }

  @BeforeEach
  void createNamespace() {
    ns = netns.create(role);
    runner = new RecordingRunner(CommandRunner.inNetns(ns.name()));
  }

  /** The cluster with db's policy only. */
  protected static DesiredState dbOnly(CompileOptions options) {
    return PolicyFixture.compute(options, PolicyFixture.DB_POLICY);
  }

  /** The cluster with db's and web's policies (web's needs IP sets). */
  protected static DesiredState both(CompileOptions options) {
    return PolicyFixture.compute(options, PolicyFixture.DB_POLICY + "---\n" + PolicyFixture.WEB_POLICY);
  }
}
