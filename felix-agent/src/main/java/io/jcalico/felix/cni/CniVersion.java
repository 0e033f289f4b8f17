package io.jcalico.felix.cni;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CNI specification version {@code major.minor.patch}, ordered numerically. */
public record CniVersion(int major, int minor, int patch) implements Comparable<CniVersion> {
  private static final Pattern SEMVER = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})");

  public static final CniVersion V0_1_0 = new CniVersion(0, 1, 0);
  public static final CniVersion V0_3_0 = new CniVersion(0, 3, 0);
  public static final CniVersion V0_4_0 = new CniVersion(0, 4, 0);
  public static final CniVersion V1_0_0 = new CniVersion(1, 0, 0);
  public static final CniVersion V1_1_0 = new CniVersion(1, 1, 0);

  /** What VERSION advertises, as the reference plugins of spec 1.0.0 do. */
  public static final List<CniVersion> SUPPORTED =
      List.of(V0_1_0, new CniVersion(0, 2, 0), V0_3_0, new CniVersion(0, 3, 1), V0_4_0, V1_0_0);

  public static final CniVersion CURRENT = V1_0_0;

  public static Optional<CniVersion> parse(String s) {
    Matcher m = SEMVER.matcher(s);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new CniVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
  }

  public boolean isSupported() {
    return SUPPORTED.contains(this);
  }

  /** Results before 0.3.0 use the {@code ip4}/{@code ip6} layout. */
  public boolean hasLegacyResult() {
    return compareTo(V0_3_0) < 0;
  }

  public boolean atLeast(CniVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(CniVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
