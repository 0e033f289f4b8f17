package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniFixtures.env;
import static io.jcalico.felix.cni.CniFixtures.with;
import static io.jcalico.felix.cni.CniFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CniEnvValidationTest {

  private static CniException failure(Map<String, String> env) {
    try {
      CniEnv.parse(env);
    } catch (CniException e) {
      return e;
    }
    throw new AssertionError("accepted " + env);
  }

  @Test
  void addReadsEveryVariable() throws CniException {
    CniEnv e = CniEnv.parse(env("ADD"));
    assertThat(e.command()).isEqualTo(CniCommand.ADD);
    assertThat(e.containerId()).isEqualTo(CniFixtures.CONTAINER);
    assertThat(e.netns()).isEqualTo(CniFixtures.NETNS);
    assertThat(e.ifName()).isEqualTo("eth0");
    assertThat(e.path()).containsExactly("/usr/lib/cni", "/opt/cni/bin");
    assertThat(e.args()).containsEntry("K8S_POD_NAMESPACE", "default").containsEntry("K8S_POD_NAME", "nginx");
    assertThat(e.arg("K8S_POD_UID")).isEmpty();
  }

  @Test
  void missingCommandIsCode4() {
    CniException e = failure(without(env("ADD"), "CNI_COMMAND"));
    assertThat(e.code().code()).isEqualTo(4);
    assertThat(e.msg()).isEqualTo("required env variables [CNI_COMMAND] missing");
  }

  @Test
  void unknownCommandIsCode4() {
    CniException e = failure(with(env("ADD"), "CNI_COMMAND", "GC"));
    assertThat(e.code().code()).isEqualTo(4);
    assertThat(e.msg()).isEqualTo("unknown CNI_COMMAND: GC");
  }

  @Test
  void addNamesAllMissingVariablesAtOnce() {
    CniException e = failure(without(env("ADD"), "CNI_NETNS", "CNI_PATH"));
    assertThat(e.code()).isEqualTo(CniErrorCode.INVALID_ENVIRONMENT);
    assertThat(e.msg()).isEqualTo("required env variables [CNI_NETNS,CNI_PATH] missing");
  }

  @Test
  void checkNeedsWhatAddNeeds() {
    CniException e = failure(without(env("CHECK"), "CNI_CONTAINERID", "CNI_IFNAME"));
    assertThat(e.msg()).isEqualTo("required env variables [CNI_CONTAINERID,CNI_IFNAME] missing");
  }

  @Test
  void emptyCountsAsMissing() {
    assertThat(failure(with(env("ADD"), "CNI_NETNS", "")).msg())
        .isEqualTo("required env variables [CNI_NETNS] missing");
  }

  @Test
  void delNeedsNeitherNetnsNorPath() throws CniException {
    CniEnv e = CniEnv.parse(without(env("DEL"), "CNI_NETNS", "CNI_PATH"));
    assertThat(e.netns()).isEmpty();
    assertThat(failure(without(env("DEL"), "CNI_IFNAME")).msg())
        .isEqualTo("required env variables [CNI_IFNAME] missing");
  }

  @Test
  void versionAndStatusNeedOnlyTheCommand() throws CniException {
    assertThat(CniEnv.parse(Map.of("CNI_COMMAND", "VERSION")).command()).isEqualTo(CniCommand.VERSION);
    assertThat(CniEnv.parse(Map.of("CNI_COMMAND", "STATUS")).command()).isEqualTo(CniCommand.STATUS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-abc", ".abc", "_abc", "abc/def", "abc def", "abc;rm", "ä123"})
  void badContainerIdIsCode4(String id) {
    CniException e = failure(with(env("ADD"), "CNI_CONTAINERID", id));
    assertThat(e.code().code()).isEqualTo(4);
    assertThat(e.msg()).isEqualTo("invalid characters in containerID");
    assertThat(e.details()).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "0abc", "abc-def_ghi.jkl", "k8s_POD_nginx_default_1"})
  void goodContainerIds(String id) throws CniException {
    assertThat(CniEnv.parse(with(env("ADD"), "CNI_CONTAINERID", id)).containerId()).isEqualTo(id);
  }

  @Test
  void interfaceNameRules() {
    assertThat(failure(with(env("ADD"), "CNI_IFNAME", "eth0123456789012")).msg()).isEqualTo("interface name is too long");
    assertThat(failure(with(env("ADD"), "CNI_IFNAME", "..")).msg()).isEqualTo("interface name is . or ..");
    for (String bad : List.of("eth/0", "eth:0", "eth 0")) {
      CniException e = failure(with(env("ADD"), "CNI_IFNAME", bad));
      assertThat(e.code().code()).isEqualTo(4);
      assertThat(e.msg()).isEqualTo("interface name contains / or : or whitespace characters");
    }
  }

  @Test
  void malformedArgsAreCode4() {
    CniException e = failure(with(env("ADD"), "CNI_ARGS", "K8S_POD_NAME=a;garbage"));
    assertThat(e.code().code()).isEqualTo(4);
    assertThat(e.msg()).isEqualTo("invalid CNI_ARGS pair \"garbage\"");
  }

  @Test
  void unknownArgsAreCode2UnlessIgnored() throws CniException {
    CniException e = failure(with(env("ADD"), "CNI_ARGS", "K8S_POD_NAME=a;FOO=bar"));
    assertThat(e.code().code()).isEqualTo(2);
    assertThat(e.msg()).isEqualTo("unknown CNI_ARGS [FOO]");
    assertThat(CniEnv.parse(with(env("ADD"), "CNI_ARGS", "IgnoreUnknown=true;FOO=bar")).arg("FOO")).contains("bar");
  }
}
