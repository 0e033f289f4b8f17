package io.jcalico.datastore.validate;

import io.jcalico.datastore.model.Resource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A resource that breaks Calico's rules. The message has one line per problem, each
 * {@code Kind/name: path reason}, for example
 * {@code IPPool/pool-1: spec.cidr "10.0.0.0/33" is not a valid CIDR}.
 */
public final class ValidationException extends RuntimeException {

  private final transient Resource resource;
  private final List<Problem> problems;

  public ValidationException(Resource resource, List<Problem> problems) {
    super(problems.stream().map(p -> resource.displayName() + ": " + p).collect(Collectors.joining("\n")));
    this.resource = resource;
    this.problems = List.copyOf(problems);
  }

  public Resource resource() {
    return resource;
  }

  public List<Problem> problems() {
    return problems;
  }
}
