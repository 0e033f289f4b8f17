package io.jcalico.felix.cni;

import java.util.Map;

/**
 * One run of a CNI executable as the runtime made it.
 *
 * @param plugin the executable's name: {@code calico} or {@code calico-ipam}
 * @param env the forwarded environment ({@code CNI_*} and the few others a plugin reads)
 * @param stdin the network configuration, as bytes
 */
public record CniInvocation(String plugin, Map<String, String> env, byte[] stdin) {
  public CniInvocation {
    env = Map.copyOf(env);
    stdin = stdin.clone();
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}
