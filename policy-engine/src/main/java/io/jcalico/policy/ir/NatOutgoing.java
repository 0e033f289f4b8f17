package io.jcalico.policy.ir;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * IP pools' {@code natOutgoing}, as Felix programs it (its {@code masqManager}): traffic from a
 * pool that masquerades to anywhere outside every pool leaves the node with the node's address;
 * traffic between pods (any pool, any node) keeps the pods' addresses. Pure: pools in, the nat
 * table of one family out.
 *
 * <pre>
 *   POSTROUTING -&gt; cali-POSTROUTING -&gt; cali-nat-outgoing:
 *     src in masq-ipam-pools, dst not in all-ipam-pools -&gt; MASQUERADE
 *   IP sets (hash:net): all-ipam-pools = every pool's CIDR, masq-ipam-pools = those with natOutgoing
 * </pre>
 *
 * The chains, the hook and both sets are always there, as in Felix, so a pool toggled later only
 * changes a set and one rule. Disabled pools count too: their pods keep their addresses.
 */
public final class NatOutgoing {

  /** Set IDs; the kernel names are Felix's {@code cali40all-ipam-pools} and so on. */
  public static final String ALL_POOLS_SET = "all-ipam-pools";
  public static final String MASQ_POOLS_SET = "masq-ipam-pools";
  /** Every set ID this class writes (set drivers recognise them as ours). */
  public static final List<String> SET_IDS = List.of(ALL_POOLS_SET, MASQ_POOLS_SET);

  /** One IP pool as NAT sees it: its CIDR and whether it masquerades. */
  public record Pool(IPAddress cidr, boolean masquerade) {
    public Pool {
      cidr = cidr.toPrefixBlock();
    }

    int ipVersion() {
      return cidr.isIPv4() ? 4 : 6;
    }
  }

  private NatOutgoing() {}

  /**
   * The nat table of family {@code ipVersion} for {@code pools} (pools of the other family are
   * ignored). {@code randomFully}: masquerade with random source ports (iptables'
   * {@code --random-fully}, nft's {@code fully-random}), Felix's choice where supported.
   */
  public static Dataplane compile(int ipVersion, Collection<Pool> pools, boolean randomFully) {
    List<IpSet.Member> all = new ArrayList<>();
    List<IpSet.Member> masq = new ArrayList<>();
    for (Pool p : pools) {
      if (p.ipVersion() == ipVersion) {
        all.add(IpSet.Member.of(p.cidr()));
        if (p.masquerade()) {
          masq.add(IpSet.Member.of(p.cidr()));
        }
      }
    }
    TreeMap<String, IpSet> sets = new TreeMap<>();
    sets.put(ALL_POOLS_SET, IpSet.of(ALL_POOLS_SET, ipVersion, IpSet.Type.HASH_NET, all));
    sets.put(MASQ_POOLS_SET, IpSet.of(MASQ_POOLS_SET, ipVersion, IpSet.Type.HASH_NET, masq));
    List<Rule> masquerade = masq.isEmpty() ? List.of()
        : List.of(Rule.of(new Target.Masquerade(randomFully),
            new Match.InSet(Dir.SRC, MASQ_POOLS_SET, false), new Match.InSet(Dir.DST, ALL_POOLS_SET, true)));
    List<Chain> chains = List.of(
        Chain.of(ChainNames.POSTROUTING, List.of(Rule.of(new Target.Jump(ChainNames.NAT_OUTGOING)))),
        Chain.of(ChainNames.NAT_OUTGOING, masquerade));
    return new Dataplane(ipVersion, chains, sets,
        List.of(new Dataplane.Hook(Dataplane.Table.NAT, "POSTROUTING", ChainNames.POSTROUTING)));
  }
}
