package io.jcalico.felix.wiring;

import io.jcalico.datastore.model.BGPPassword;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * BGP passwords from a directory laid out like mounted Kubernetes Secret volumes:
 * {@code <dir>/<secret name>/<key>}. Calico reads the Secret named by a BGPPeer's
 * {@code password.secretKeyRef} from the Kubernetes API; we run on etcd without one, so the
 * operator mounts (or writes) the secrets there instead. A trailing newline is not part of the
 * password (files written with {@code echo}).
 */
public final class BgpSecrets {
  public static final Path DEFAULT_DIR = Path.of("/etc/calico/bgp-secrets");
  /** Kubernetes object names and Secret keys: no path separators, no "..". */
  private static final Pattern SAFE = Pattern.compile("[-._a-zA-Z0-9]+");

  private final Path dir;

  public BgpSecrets(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** A password, or why there is none (exactly one is set). */
  public record Lookup(String password, String problem) {
    static Lookup missing(String why) {
      return new Lookup(null, why);
    }
  }

  public Lookup lookup(BGPPassword.SecretKeyRef ref) {
    if (ref.name() == null || ref.key() == null || !SAFE.matcher(ref.name()).matches()
        || !SAFE.matcher(ref.key()).matches() || ref.name().equals("..") || ref.key().equals("..")) {
      return Lookup.missing("bad secretKeyRef " + ref.name() + "/" + ref.key());
    }
    Path file = dir.resolve(ref.name()).resolve(ref.key());
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
      return value.isEmpty() ? Lookup.missing("secret " + file + " is empty") : new Lookup(value, null);
    } catch (NoSuchFileException e) {
      return Lookup.missing("secret " + ref.name() + " key " + ref.key() + " not found (" + file + ")");
    } catch (IOException e) {
      return Lookup.missing("secret " + file + " unreadable: " + e.getMessage());
    }
  }
}
