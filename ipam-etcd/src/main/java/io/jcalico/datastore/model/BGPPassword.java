package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a BGP session's TCP-MD5 password comes from: a key of a Kubernetes secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BGPPassword(SecretKeyRef secretKeyRef) {

  /** Kubernetes {@code SecretKeySelector}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SecretKeyRef(String name, String key, Boolean optional) {}
}
