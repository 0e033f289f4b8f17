package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.INCOMPATIBLE_VERSION;
import static io.jcalico.felix.cni.CniErrorCode.INTERNAL;
import static io.jcalico.felix.cni.CniErrorCode.INVALID_ENVIRONMENT;
import static io.jcalico.felix.cni.CniErrorCode.INVALID_NETWORK_CONFIG;
import static io.jcalico.felix.cni.CniErrorCode.PLUGIN_NOT_AVAILABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcalico.felix.cni.WorkloadNames.PodRef;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CNI specification's part: validates env and config, negotiates the version, dispatches by
 * executable ({@code calico}: the whole attachment; {@code calico-ipam}: addresses only) and
 * command, and turns results and failures into the executable's output.
 *
 * <p>Versions: VERSION advertises 0.1.0 to 1.0.0; a config of any other version is refused with
 * code 1. STATUS (spec 1.1.0) is answered for configs up to 1.1.0, without advertising 1.1.0, as
 * GC is not implemented.
 */
public final class CalicoCniHandler implements CniHandler {
  public static final String CALICO_IPAM = NetConf.CALICO_IPAM;
  private static final Logger LOG = LoggerFactory.getLogger(CalicoCniHandler.class);

  /** Whether this daemon can serve ADD for a network config now; STATUS reports it. */
  @FunctionalInterface
  public interface Readiness {
    /** Why not, or empty when ready. */
    Optional<String> notReadyReason(NetConf conf);
  }

  private final String nodeName;
  private final PodAttacher attacher;
  private final IpamPlugin ipam;
  private final Readiness readiness;

  public CalicoCniHandler(String nodeName, PodAttacher attacher, IpamPlugin ipam, Readiness readiness) {
    this.nodeName = nodeName;
    this.attacher = attacher;
    this.ipam = ipam;
    this.readiness = readiness;
  }

  @Override
  public CniOutcome handle(CniInvocation invocation) {
    try {
      return dispatch(invocation);
    } catch (CniException e) {
      LOG.debug("CNI {} {}: code {} {} ({})", invocation.plugin(), invocation.env().get("CNI_COMMAND"),
          e.code().code(), e.msg(), e.details());
      return CniOutcome.failure(errorJson(versionForErrors(invocation.stdin()), e));
    } catch (RuntimeException e) {
      LOG.error("CNI {} failed unexpectedly", invocation.env().get("CNI_COMMAND"), e);
      return CniOutcome.failure(errorJson(versionForErrors(invocation.stdin()),
          new CniException(INTERNAL, "internal error in calico-node", String.valueOf(e))));
    }
  }

  private CniOutcome dispatch(CniInvocation invocation) throws CniException {
    CniEnv env = CniEnv.parse(invocation.env());
    if (env.command() == CniCommand.VERSION) {
      return CniOutcome.success(versionJson() + "\n");
    }
    NetConf conf = NetConf.parse(invocation.stdin());
    CniVersion version = negotiate(conf.cniVersion(), env.command());
    if (env.command() == CniCommand.STATUS) {
      Optional<String> reason = readiness.notReadyReason(conf);
      if (reason.isPresent()) {
        throw new CniException(PLUGIN_NOT_AVAILABLE, "calico-node is not ready", reason.get());
      }
      return CniOutcome.success("");
    }
    boolean ipamOnly = invocation.plugin().equals(CALICO_IPAM);
    if (!ipamOnly && !conf.ipam().type().isEmpty() && !conf.ipam().type().equals(CALICO_IPAM)) {
      throw new CniException(INVALID_NETWORK_CONFIG, "unsupported ipam type \"" + conf.ipam().type() + "\"",
          "calico-node assigns addresses itself: use \"" + CALICO_IPAM + "\"");
    }
    Attachment a = attachment(env, conf);
    return switch (env.command()) {
      case ADD -> CniOutcome.success((ipamOnly ? ipam.add(a) : attacher.add(a)).toJson(version) + "\n");
      case DEL -> {
        if (ipamOnly) {
          ipam.del(a);
        } else {
          attacher.del(a);
        }
        yield CniOutcome.success("");
      }
      case CHECK -> {
        JsonNode prev = conf.prevResult().orElseThrow(
            () -> new CniException(INVALID_NETWORK_CONFIG, "CHECK needs prevResult", ""));
        CniResult previous = CniResult.parse(prev, "prevResult.");
        if (ipamOnly) {
          ipam.check(a, previous);
        } else {
          attacher.check(a, previous);
        }
        yield CniOutcome.success("");
      }
      case VERSION, STATUS -> throw new IllegalStateException("answered above");
    };
  }

  private Attachment attachment(CniEnv env, NetConf conf) throws CniException {
    if (!conf.nodename().isEmpty() && !conf.nodename().equals(nodeName)) {
      throw new CniException(INVALID_NETWORK_CONFIG,
          "nodename \"" + conf.nodename() + "\" is not this node", "this calico-node is \"" + nodeName + "\"");
    }
    Optional<String> ns = env.arg("K8S_POD_NAMESPACE");
    Optional<String> pod = env.arg("K8S_POD_NAME");
    if (ns.isPresent() != pod.isPresent()) {
      throw new CniException(INVALID_ENVIRONMENT, "CNI_ARGS needs both K8S_POD_NAMESPACE and K8S_POD_NAME",
          "got " + env.args().keySet());
    }
    Optional<PodRef> ref = ns.map(n -> new PodRef(n, pod.get()));
    return new Attachment(env.containerId(), env.netns(), env.ifName(), nodeName, ref, conf);
  }

  static CniVersion negotiate(String requested, CniCommand command) throws CniException {
    Optional<CniVersion> v = CniVersion.parse(requested);
    boolean ok = v.isPresent()
        && (v.get().isSupported() || (command == CniCommand.STATUS && v.get().equals(CniVersion.V1_1_0)));
    if (!ok) {
      String supported = CniVersion.SUPPORTED.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(" "));
      throw new CniException(INCOMPATIBLE_VERSION, "incompatible CNI versions",
          "config is \"" + requested + "\", plugin supports [" + supported + "]");
    }
    if (command == CniCommand.CHECK && !v.get().atLeast(CniVersion.V0_4_0)) {
      throw new CniException(INCOMPATIBLE_VERSION, "config version does not allow CHECK",
          "CHECK needs cniVersion 0.4.0 or later, config is \"" + requested + "\"");
    }
    return v.get();
  }

  static String versionJson() {
    ObjectNode o = CniJson.MAPPER.createObjectNode();
    o.put("cniVersion", CniVersion.CURRENT.toString());
    ArrayNode a = o.putArray("supportedVersions");
    CniVersion.SUPPORTED.forEach(v -> a.add(v.toString()));
    return CniJson.write(o);
  }

  static String errorJson(CniVersion version, CniException e) {
    ObjectNode o = CniJson.MAPPER.createObjectNode();
    o.put("cniVersion", version.toString());
    o.put("code", e.code().code());
    o.put("msg", e.msg());
    if (!e.details().isEmpty()) {
      o.put("details", e.details());
    }
    return CniJson.write(o) + "\n";
  }

  /** Errors speak the config's version when it names one we know, else ours. */
  private static CniVersion versionForErrors(byte[] stdin) {
    try {
      JsonNode v = CniJson.MAPPER.readTree(stdin).get("cniVersion");
      if (v != null && v.isTextual()) {
        return CniVersion.parse(v.textValue()).filter(CniVersion::isSupported).orElse(CniVersion.CURRENT);
      }
    } catch (java.io.IOException | RuntimeException e) {
      // undecodable config: ours, then
    }
    return CniVersion.CURRENT;
  }
}
