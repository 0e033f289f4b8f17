package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A v3 resource: {@code apiVersion} and {@code kind} come from {@link #kind()}, the rest is
 * {@code metadata} and {@code spec} (and {@code status} where a kind has one). Implementations
 * are immutable records.
 */
public interface Resource {

  @JsonIgnore
  ResourceKind kind();

  ObjectMeta metadata();

  /** A copy with other metadata (used by the store to set resourceVersion, uid, timestamps). */
  Resource withMetadata(ObjectMeta metadata);

  @JsonIgnore
  default String name() {
    return metadata() == null ? null : metadata().name();
  }

  @JsonIgnore
  default String namespace() {
    return metadata() == null ? null : metadata().namespace();
  }

  /** "Kind/name" or "Kind/namespace/name", the way errors and logs name a resource. */
  @JsonIgnore
  default String displayName() {
    String ns = kind().namespaced() && namespace() != null ? namespace() + "/" : "";
    return kind().kindName() + "/" + ns + (name() == null || name().isEmpty() ? "<no name>" : name());
  }
}
