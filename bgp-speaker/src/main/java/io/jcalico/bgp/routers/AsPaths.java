package io.jcalico.bgp.routers;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;

/** AS_PATH as the daemons print it ("65002 {65003 65004}"), flattened to its AS numbers. */
final class AsPaths {
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private AsPaths() {}

  static List<Long> parse(String text) {
    List<Long> path = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      path.add(Long.parseLong(m.group()));
    }
    return path;
  }
}
