package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.ipam.EtcdIpam;
import io.jcalico.ipam.Ipam;
import io.jcalico.ipam.IpamOptions;
import io.jcalico.ipam.NodeResourceLabels;
import io.jcalico.ipam.ResourcePoolSource;
import java.time.Duration;
import picocli.CommandLine.Mixin;

/** An {@code ipam} subcommand: runs against the IPAM library on the configured datastore. */
abstract class IpamSubcommand extends CalicoctlCommand {
  @Mixin DatastoreOptions datastore;

  /** What the subcommand does with the store and IPAM open; its exit status. */
  interface Action {
    int run(ResourceStore store, Ipam ipam) throws Exception;
  }

  int withIpam(Action action) {
    EtcdResourceStore store = openStore(datastore::openGrpc);
    if (store == null) return 1;
    try (store) {
      // One-shot command: pools and node labels read fresh, never cached.
      Ipam ipam = EtcdIpam.create(store.etcd(), new ResourcePoolSource(store, Duration.ZERO),
          new NodeResourceLabels(store, Duration.ZERO), IpamOptions.DEFAULT);
      return action.run(store, ipam);
    } catch (Exception e) {
      return fail(e.getMessage());
    }
  }
}
