package io.jcalico.datastore.validate;

import io.jcalico.datastore.model.Defaults;
import io.jcalico.datastore.store.ResourceAdmission;

/** The admission every writer uses: Calico's defaults filled in, then validation. */
public final class Admission {
  private Admission() {}

  /** {@link Defaults#fill} then {@link Validator#check}; a {@link ValidationException} lists every problem. */
  public static ResourceAdmission standard() {
    return r -> Validator.check(Defaults.fill(r));
  }
}
