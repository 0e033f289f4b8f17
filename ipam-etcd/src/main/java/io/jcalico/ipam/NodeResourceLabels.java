package io.jcalico.ipam;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import java.time.Duration;
import java.util.Map;

/** Node labels from the Node resources of the datastore, each read at most once per {@code maxAge}. */
public final class NodeResourceLabels implements HostLabels {
  private final LoadingCache<String, Map<String, String>> labels;

  public NodeResourceLabels(ResourceStore store, Duration maxAge) {
    this.labels = CacheBuilder.newBuilder().expireAfterWrite(maxAge).maximumSize(10_000)
        .build(CacheLoader.from(host -> store.get(ResourceKind.NODE, null, host)
            .map(n -> n.metadata().labelsOrEmpty()).orElse(Map.of())));
  }

  @Override
  public Map<String, String> labels(String host) {
    return labels.getUnchecked(host);
  }
}
