package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.INVALID_ENVIRONMENT;
import static io.jcalico.felix.cni.CniErrorCode.UNSUPPORTED_FIELD;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code CNI_*} environment of one invocation, validated as the reference plugins' skeleton
 * does it: missing variables first (code 4, all of them named at once), then the syntax of the
 * container ID and interface name, then {@code CNI_ARGS}.
 *
 * @param netns empty for DEL without a namespace
 * @param args {@code CNI_ARGS} pairs in their order
 */
public record CniEnv(
    CniCommand command,
    String containerId,
    String netns,
    String ifName,
    Map<String, String> args,
    List<String> path) {

  /** The spec: alphanumeric first, then alphanumerics, {@code _ . -}. */
  private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
  /** Linux IFNAMSIZ less the terminating zero. */
  private static final int MAX_IFNAME = 15;
  /** Keys Kubernetes runtimes put in CNI_ARGS; others fail unless IgnoreUnknown is set. */
  private static final Set<String> KNOWN_ARGS = Set.of(
      "IgnoreUnknown", "K8S_POD_NAMESPACE", "K8S_POD_NAME", "K8S_POD_INFRA_CONTAINER_ID", "K8S_POD_UID");

  public CniEnv {
    args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    path = List.copyOf(path);
  }

  public static CniEnv parse(Map<String, String> env) throws CniException {
    String commandName = env.getOrDefault("CNI_COMMAND", "");
    if (commandName.isEmpty()) {
      throw missing(List.of("CNI_COMMAND"));
    }
    CniCommand command = CniCommand.of(commandName).orElseThrow(
        () -> new CniException(INVALID_ENVIRONMENT, "unknown CNI_COMMAND: " + commandName, ""));
    List<String> required = switch (command) {
      case ADD, CHECK -> List.of("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH");
      case DEL -> List.of("CNI_CONTAINERID", "CNI_IFNAME");
      case VERSION, STATUS -> List.of();
    };
    List<String> absent = new ArrayList<>();
    for (String name : required) {
      if (env.getOrDefault(name, "").isEmpty()) {
        absent.add(name);
      }
    }
    if (!absent.isEmpty()) {
      throw missing(absent);
    }
    String containerId = env.getOrDefault("CNI_CONTAINERID", "");
    String ifName = env.getOrDefault("CNI_IFNAME", "");
    if (!required.isEmpty()) {
      if (!CONTAINER_ID.matcher(containerId).matches()) {
        throw new CniException(INVALID_ENVIRONMENT, "invalid characters in containerID", containerId);
      }
      validateIfName(ifName);
    }
    List<String> path = Splitter.on(':').omitEmptyStrings().splitToList(env.getOrDefault("CNI_PATH", ""));
    return new CniEnv(command, containerId, env.getOrDefault("CNI_NETNS", ""), ifName,
        parseArgs(env.getOrDefault("CNI_ARGS", "")), path);
  }

  public Optional<String> arg(String key) {
    return Optional.ofNullable(args.get(key)).filter(v -> !v.isEmpty());
  }

  private static CniException missing(List<String> names) {
    return new CniException(
        INVALID_ENVIRONMENT, "required env variables [" + String.join(",", names) + "] missing", "");
  }

  private static void validateIfName(String ifName) throws CniException {
    String problem = null;
    if (ifName.length() > MAX_IFNAME) {
      problem = "interface name is too long";
    } else if (ifName.equals(".") || ifName.equals("..")) {
      problem = "interface name is . or ..";
    } else if (CharMatcher.anyOf("/:").or(CharMatcher.whitespace()).matchesAnyOf(ifName)) {
      problem = "interface name contains / or : or whitespace characters";
    }
    if (problem != null) {
      throw new CniException(INVALID_ENVIRONMENT, problem, ifName);
    }
  }

  private static Map<String, String> parseArgs(String raw) throws CniException {
    Map<String, String> args = new LinkedHashMap<>();
    for (String pair : Splitter.on(';').omitEmptyStrings().split(raw)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new CniException(INVALID_ENVIRONMENT, "invalid CNI_ARGS pair \"" + pair + "\"", raw);
      }
      args.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    String ignore = args.getOrDefault("IgnoreUnknown", "");
    if (!ignore.equals("1") && !ignore.equalsIgnoreCase("true")) {
      List<String> unknown = args.keySet().stream().filter(k -> !KNOWN_ARGS.contains(k)).toList();
      if (!unknown.isEmpty()) {
        throw new CniException(UNSUPPORTED_FIELD, "unknown CNI_ARGS " + unknown, "set IgnoreUnknown=1 to ignore them");
      }
    }
    return args;
  }
}
