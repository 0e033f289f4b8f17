package io.jcalico.datastore.validate;

import io.jcalico.datastore.store.ResourceAdmission;

/** The admission every writer uses: Calico's defaults filled in, then validation. */
public final class Admission {
  private Admission() {}

  // TODO(lead): fill defaults and validate once the model records and Validator land.
  public static ResourceAdmission standard() {
    return ResourceAdmission.NONE;
  }
}
